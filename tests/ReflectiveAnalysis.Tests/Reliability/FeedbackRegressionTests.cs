namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>Feedback stays short whatever the text: a quote is a few words, never a copy of a huge token.</summary>
public sealed class FeedbackRegressionTests
{
    private static readonly ReflectionAnalyzer s_analyzer = ReflectionAnalyzer.CreateDefault();

    [Theory]
    [InlineData("one-long-token", 1_000_000)]
    [InlineData("cjk", 200_000)]
    [InlineData("all-terminal-marks", 100_000)]
    [InlineData("combining-sequences", 100_000)]
    [InlineData("emoji-with-modifiers", 100_000)]
    public void Analyze_SentenceWithoutSpaces_QuotesAFewCharactersNotTheWholeSentence(string shape, int length)
    {
        // Quote stopped after eight words but counted words by white space, so a sentence with no spaces was copied
        // whole into the feedback (a 1,000,000-character feedback item for a 1,000,000-character token).
        string text = HostileShapes.Make(shape, length);
        ReflectionReport report = s_analyzer.Analyze(text);
        Assert.All(report.Feedback, item => Assert.True(item.Text.Length < 400, $"{item.Kind}: {item.Text.Length} chars"));
    }

    [Theory]
    [InlineData("\U0001F44D")]
    [InlineData("\uD835\uDC00")] // MATHEMATICAL BOLD CAPITAL A
    public void Analyze_QuoteCutAtTheCharacterCap_NeverSplitsASurrogatePair(string unit)
    {
        for (int pad = 0; pad < 4; pad++)
        {
            string text = new string('x', pad) + string.Concat(Enumerable.Repeat(unit, 200));
            foreach (FeedbackItem item in s_analyzer.Analyze(text).Feedback)
            {
                for (int i = 0; i < item.Text.Length; i++)
                {
                    bool lone = char.IsHighSurrogate(item.Text[i]) ? i + 1 >= item.Text.Length || !char.IsLowSurrogate(item.Text[i + 1])
                        : char.IsLowSurrogate(item.Text[i]) && (i == 0 || !char.IsHighSurrogate(item.Text[i - 1]));
                    Assert.False(lone, $"pad {pad}: a lone surrogate at {i} of the feedback text");
                }
            }
        }
    }
}
