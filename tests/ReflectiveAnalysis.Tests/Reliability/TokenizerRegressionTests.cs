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
