namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>Null throws; any text with nothing but white space gives the one valid empty report.</summary>
public sealed class EmptyInputTests
{
    private static readonly ReflectionAnalyzer s_analyzer = ReflectionAnalyzer.CreateDefault();

    [Fact]
    public void Analyze_Null_ThrowsArgumentNullExceptionNamingTheParameter()
    {
        ArgumentNullException e = Assert.Throws<ArgumentNullException>(() => s_analyzer.Analyze(null!));
        Assert.Equal("text", e.ParamName);
    }

    [Fact]
    public void Analyze_EveryWhiteSpaceCharacter_AloneAndAllTogether_GivesTheEmptyReport()
    {
        char[] whiteSpace = [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(char.IsWhiteSpace)];
        Assert.True(whiteSpace.Length >= 25, $"only {whiteSpace.Length} white-space characters");
        foreach (string text in whiteSpace.Select(c => c.ToString()).Append(new string(whiteSpace)).Append(new string(whiteSpace) + "\r\n\r\n" + new string(' ', 100_000)))
        {
            AssertEmpty(s_analyzer.Analyze(text), text);
        }
    }

    [Theory]
    [InlineData(RegistrationRoute.Revalidation, 1)]
    [InlineData(RegistrationRoute.Fellowship, 12)]
    public void Analyze_Empty_GivesTheSameEmptyReportWhateverTheOptions(RegistrationRoute route, int maxFeedback)
    {
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Route = route, MaxFeedbackItems = maxFeedback, Model = ReflectionModel.LexiconOnly });
        AssertEmpty(analyzer.Analyze(" \n\t "), " \n\t ");
    }

    private static void AssertEmpty(ReflectionReport report, string text)
    {
        string what = ReportInvariants.Describe(text);
        Assert.True(report.Sentences.IsEmpty && report.Paragraphs.IsEmpty, what);
        Assert.Equal(0, report.WordCount);
        Assert.Equal(0, report.SentenceCount);
        Assert.Equal(0, report.ParagraphCount);
        Assert.Equal(0, report.Depth.Level);
        Assert.Equal(0, report.Depth.Score);
        Assert.Empty(report.Depth.Evidence);
        Assert.Equal(new ModeShares(0, 0, 0), report.Modes);
        Assert.Equal(new CriteriaScores(0, 0, 0), report.Criteria);
        FeedbackItem item = Assert.Single(report.Feedback);
        Assert.Equal(FeedbackKind.NothingToAnalyse, item.Kind);
        Assert.Null(item.Paragraph);
        Assert.Null(item.Sentence);
        Assert.Contains("nothing to analyse", item.Text, StringComparison.Ordinal);
        string json = report.ToJson();
        Assert.Equal(json, ReflectionReport.FromJson(json).ToJson());
    }
}
