using FsCheck.Xunit;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Tests;

public sealed class TokenizerTests
{
    private static (string Text, TokenKind Kind)[] Tokens(string text)
    {
        var tokens = new List<(string, TokenKind)>();
        foreach (Token token in Tokenizer.Enumerate(text))
        {
            tokens.Add((token.GetText(text), token.Kind));
        }
        return [.. tokens];
    }

    [Theory]
    [InlineData("don't", "don't")]
    [InlineData("mentee's", "mentee's")]
    [InlineData("organisation\u2019s", "organisation\u2019s")]
    [InlineData("well-being", "well-being")]
    [InlineData("mentor/mentee", "mentor/mentee")]
    [InlineData("e.g.", "e.g.")]
    [InlineData("U.K.", "U.K.")]
    [InlineData("21st", "21st")]
    [InlineData("Covid-19", "Covid-19")]
    [InlineData("caf\u00E9", "caf\u00E9")]
    [InlineData("cafe\u0301", "cafe\u0301")]
    public void Enumerate_Word_IsOneToken(string text, string expected)
    {
        (string Text, TokenKind Kind)[] tokens = Tokens(text);
        Assert.Single(tokens);
        Assert.Equal(expected, tokens[0].Text);
        Assert.Equal(TokenKind.Word, tokens[0].Kind);
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("2024")]
    [InlineData("15-20")]
    [InlineData("1,000")]
    [InlineData("2023/24")]
    [InlineData("10:30")]
    public void Enumerate_Number_IsOneNumberToken(string text)
    {
        (string Text, TokenKind Kind)[] tokens = Tokens(text);
        Assert.Equal([(text, TokenKind.Number)], tokens);
    }

    [Theory]
    [InlineData("See https://www.cilip.org.uk/page?x=1.", "https://www.cilip.org.uk/page?x=1", TokenKind.Url)]
    [InlineData("(www.example.org)", "www.example.org", TokenKind.Url)]
    [InlineData("Email jo.bloggs@library.example.ac.uk today", "jo.bloggs@library.example.ac.uk", TokenKind.Email)]
    public void Enumerate_AddressInProse_IsOneToken(string text, string expected, TokenKind kind)
    {
        Assert.Contains((expected, kind), Tokens(text));
    }

    [Fact]
    public void Enumerate_Sentence_SplitsWordsAndPunctuation()
    {
        Assert.Equal(
            [("I", TokenKind.Word), ("don't", TokenKind.Word), ("know", TokenKind.Word), ("...", TokenKind.Punctuation), ("why", TokenKind.Word), ("?!", TokenKind.Punctuation)],
            Tokens("I don't know... why?!"));
    }

    [Fact]
    public void Enumerate_EmojiWithSkinTone_IsOneSymbol()
    {
        Assert.Equal([("\U0001F44D\U0001F3FD", TokenKind.Symbol)], Tokens("\U0001F44D\U0001F3FD"));
    }

    [Fact]
    public void Enumerate_LoneSurrogate_IsASymbolNotAnError()
    {
        Assert.Equal([("a", TokenKind.Word), ("\uD800", TokenKind.Symbol), ("b", TokenKind.Word)], Tokens("a \uD800 b"));
    }

    [Fact]
    public void Tokenize_IntoSmallBuffer_StopsWhenFull()
    {
        Span<Token> buffer = stackalloc Token[2];
        Assert.Equal(2, Tokenizer.Tokenize("one two three", buffer));
        Assert.Equal(new Token(4, 3, TokenKind.Word), buffer[1]);
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 300)]
    public bool Enumerate_AnyText_TokensAreOrderedDisjointAndCoverEveryNonWhiteSpaceCharacter(AnyText any)
    {
        string text = any.Value;
        var covered = new bool[text.Length];
        int previousEnd = 0;
        foreach (Token token in Tokenizer.Enumerate(text))
        {
            if (token.Length <= 0 || token.Start < previousEnd || token.End > text.Length)
            {
                return false;
            }
            for (int i = token.Start; i < token.End; i++)
            {
                covered[i] = true;
            }
            // A token never contains white space (so highlights never swallow line breaks).
            if (token.Slice(text).ContainsAny(" \t\r\n\u2028\u2029\u0085\u00A0"))
            {
                return false;
            }
            previousEnd = token.End;
        }
        for (int i = 0; i < text.Length; i++)
        {
            if (!covered[i] && !char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 200)]
    public bool Tokenize_AnyText_MatchesEnumerate(AnyText any)
    {
        string text = any.Value;
        var buffer = new Token[text.Length + 1];
        int count = Tokenizer.Tokenize(text, buffer);
        var enumerated = new List<Token>();
        foreach (Token token in Tokenizer.Enumerate(text))
        {
            enumerated.Add(token);
        }
        return buffer.AsSpan(0, count).SequenceEqual(enumerated.ToArray());
    }
}
