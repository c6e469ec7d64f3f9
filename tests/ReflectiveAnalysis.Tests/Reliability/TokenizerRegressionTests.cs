using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>Inputs that once broke a tokeniser or segmenter invariant, kept so they never do again.</summary>
public sealed class TokenizerRegressionTests
{
    [Theory]
    [InlineData("\u001C")]
    [InlineData("\u001D")]
    [InlineData("\u001E")]
    [InlineData("\u001F")]
    [InlineData("a\u001Eb")]
    public void Segment_InformationSeparators_AreNotWhiteSpaceSoTheyLieInAToken(string text)
    {
        // char.IsWhiteSpace is false for U+001C..U+001F; the tokeniser used to skip them as white space, so they lay
        // in no token and the promise "every non-white-space character lies in exactly one token" was broken.
        SegmentedText layout = TextSegmenter.Segment(text);
        Assert.Null(ReportInvariants.CheckLayout(text, layout));
        Assert.Contains(layout.Tokens, t => t.Kind == TokenKind.Symbol);
    }

    [Theory]
    [InlineData("a-\U0001D400", "a-\U0001D400")] // hyphen then a supplementary-plane letter (MATHEMATICAL BOLD CAPITAL A)
    [InlineData("a'\U0001D400", "a'\U0001D400")] // apostrophe then the same
    [InlineData("a/\U0001D400\U0001D401", "a/\U0001D400\U0001D401")]
    [InlineData("x-\U00020000y", "x-\U00020000y")] // a CJK Extension B ideograph
    public void Tokenize_PunctuationJoinedToASupplementaryLetter_KeepsThePairWhole(string text, string word)
    {
        // The word reader stepped two code units past the joiner, landing between the halves of the pair, so the token
        // ended mid-pair and the low surrogate became a token of its own.
        SegmentedText layout = TextSegmenter.Segment(text);
        Assert.Null(ReportInvariants.CheckLayout(text, layout));
        Token token = Assert.Single(layout.Tokens);
        Assert.Equal(TokenKind.Word, token.Kind);
        Assert.Equal(word, token.GetText(text));
    }
}

/// <summary>The tokeniser's work is linear even where a scan could restart at every token.</summary>
public sealed class TokenizerScanRegressionTests
{
    [Theory]
    [InlineData("ab.")]
    [InlineData("1_")]
    [InlineData("ab.cd_12+x%y-")]
    [InlineData("x@1.")]
    public void Tokenize_LongRunOfEmailLocalPartCharactersWithoutAnAt_IsLinear(string unit)
    {
        // A word followed by a local-part character ('.', '_', '+', '%', '-') tried to read an e-mail address from the
        // word's start to the end of the run of local-part characters, and so did the next word, and the next:
        // 500,000 characters of "ab." took minutes. The local part of an address is at most 64 characters (RFC 5321).
        string text = string.Concat(Enumerable.Repeat(unit, 500_000 / unit.Length));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int tokens = 0;
        foreach (Token _ in Tokenizer.Enumerate(text))
        {
            tokens++;
        }
        watch.Stop();
        Assert.True(tokens > 0);
        Assert.True(watch.ElapsedMilliseconds < 2_000, $"{text.Length:N0} chars of \"{unit}\" took {watch.ElapsedMilliseconds:N0} ms to tokenise");
    }

    [Theory]
    [InlineData("write to jo.bloggs@example.org today", "jo.bloggs@example.org")]
    [InlineData("a 64-character local part: abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl@example.org", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl@example.org")]
    public void Tokenize_EmailAddressWithinTheLimits_IsStillOneToken(string text, string email)
    {
        Assert.Contains(Tokenizer.Enumerate(text).ToArrayOfTexts(text), t => t == (email, TokenKind.Email));
    }

    [Fact]
    public void Tokenize_LocalPartLongerThanSixtyFourCharacters_IsNotAnEmailAddress()
    {
        string text = new string('a', 65) + "@example.org";
        Assert.DoesNotContain(Tokenizer.Enumerate(text).ToArrayOfTexts(text), t => t.Kind == TokenKind.Email);
    }
}

internal static class TokenEnumeratorExtensions
{
    public static List<(string Text, TokenKind Kind)> ToArrayOfTexts(this TokenEnumerator tokens, string text)
    {
        var list = new List<(string, TokenKind)>();
        foreach (Token token in tokens)
        {
            list.Add((token.GetText(text), token.Kind));
        }
        return list;
    }
}

public sealed class TokenizerEmailLimitTests
{
    [Fact]
    public void Tokenize_DomainLongerThan255Characters_IsNotAnEmailAddress()
    {
        string text = "jo@" + string.Concat(Enumerable.Repeat("abcd.", 60)) + "org";
        Assert.DoesNotContain(Tokenizer.Enumerate(text).ToArrayOfTexts(text), t => t.Kind == TokenKind.Email);
        string fits = "jo@" + string.Concat(Enumerable.Repeat("abcd.", 40)) + "org";
        Assert.Contains(Tokenizer.Enumerate(fits).ToArrayOfTexts(fits), t => t == (fits, TokenKind.Email));
    }
}
