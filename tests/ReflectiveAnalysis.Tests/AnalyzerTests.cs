using System.Collections.Concurrent;
using FsCheck.Xunit;

namespace ReflectiveAnalysis.Tests;

public sealed class AnalyzerTests
{
    private static readonly ReflectionAnalyzer s_analyzer = ReflectionAnalyzer.CreateDefault();

    private const string Descriptive = "I ran six induction sessions in September. Each session lasted an hour. Forty students attended in total.";
    private const string Reflective = "Looking back, I think attendance fell because we advertised only on the intranet. From the students' point of view, an email was easy to miss. I have learned that I need to ask users how they hear about us. Next year I will survey new students before planning the sessions.";

    [Fact]
    public void Analyze_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => s_analyzer.Analyze(null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t \u00A0\u2028")]
    public void Analyze_EmptyOrWhiteSpace_GivesAnEmptyReportWithOneFeedbackItem(string text)
    {
        ReflectionReport report = s_analyzer.Analyze(text);
        Assert.Empty(report.Sentences);
        Assert.Empty(report.Paragraphs);
        Assert.Equal(0, report.Depth.Level);
        Assert.Equal(0, report.Depth.Score);
        Assert.Equal(new ModeShares(0, 0, 0), report.Modes);
        FeedbackItem item = Assert.Single(report.Feedback);
        Assert.Equal(FeedbackKind.NothingToAnalyse, item.Kind);
    }

    [Fact]
    public void Analyze_TooLong_ThrowsBeforeAnyWorkWithTheLimitInTheMessage()
    {
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { MaxInputLength = 10 });
        InputTooLongException e = Assert.Throws<InputTooLongException>(() => analyzer.Analyze("eleven char"));
        Assert.Equal(10, e.Limit);
        Assert.Contains("10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOption_ThrowsNamingIt()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { ThinCriterionShare = 2 }));
        Assert.Contains(nameof(ReflectionAnalyzerOptions.ThinCriterionShare), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReflectiveText_ScoresDeeperThanDescriptiveText()
    {
        ReflectionReport descriptive = s_analyzer.Analyze(Descriptive);
        ReflectionReport reflective = s_analyzer.Analyze(Reflective);
        Assert.True(reflective.Depth.Score > descriptive.Depth.Score, $"{reflective.Depth.Score} should exceed {descriptive.Depth.Score}");
        Assert.True(reflective.Modes.Descriptive < descriptive.Modes.Descriptive);
        Assert.Equal(ReflectiveMode.Descriptive, descriptive.Paragraphs[0].Mode);
    }

    [Fact]
    public void Analyze_DifferentTexts_GetDifferentRelevantFeedback()
    {
        ReflectionReport descriptive = s_analyzer.Analyze(Descriptive);
        ReflectionReport reflective = s_analyzer.Analyze(Reflective);
        Assert.Contains(descriptive.Feedback, f => f.Kind == FeedbackKind.SoWhat && f.Text.Contains("I ran six induction sessions", StringComparison.Ordinal));
        Assert.DoesNotContain(reflective.Feedback, f => f.Kind == FeedbackKind.SoWhat);
        Assert.NotEqual(descriptive.Feedback.Select(f => f.Text), reflective.Feedback.Select(f => f.Text));
    }

    [Fact]
    public void Analyze_DescriptiveParagraph_GetsTheSoWhatQuestionOfItsCriterion()
    {
        // The wider context is analysed in one paragraph, so it is not "only descriptive"; the other wider paragraph
        // just lists events and gets the wider profession's So what?, not the question about users.
        string text = string.Join("\n\n",
            "Wider professional context\nI joined the regional health libraries network in 2023. I went to its spring and autumn meetings. I also attended a webinar on search filters.",
            "Comparing our induction with practice at three other trusts made me question why we rely on lectures. I think their peer-led sessions work better because students learn from each other. From the students' point of view, our sessions felt like a formality.",
            "Personal performance\nLooking back, I think my first sessions failed because I talked for too long. I have learned to plan activities instead of slides, and next term I will ask students to search for their own topics.");
        ReflectionReport report = s_analyzer.Analyze(text);

        ParagraphReport listing = report.Paragraphs.Single(p => p.Kind != ParagraphKind.Heading && report.Sentences[p.Sentences[0]].Text.StartsWith("I joined", StringComparison.Ordinal));
        FeedbackItem soWhat = Assert.Single(report.Feedback, f => f.Kind == FeedbackKind.SoWhat && f.Paragraph == listing.Index);
        Assert.Contains("compare with practice elsewhere", soWhat.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("your users", soWhat.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ParagraphNamedByACriterionGap_IsNotAskedSoWhatAgain()
    {
        ReflectionReport report = s_analyzer.Analyze(File.ReadAllText(TestPaths.InRepository("samples", "statements", "descriptive.txt")));
        Assert.Contains(report.Feedback, f => f.Kind == FeedbackKind.CriterionGap && f.Paragraph is not null);
        var anchored = report.Feedback.Where(f => f.Kind is FeedbackKind.SoWhat or FeedbackKind.CriterionGap && f.Paragraph is not null).Select(f => f.Paragraph).ToList();
        Assert.NotEmpty(anchored);
        Assert.Equal(anchored.Distinct().Count(), anchored.Count);
    }

    [Fact]
    public void Analyze_HeadingNamingACriterion_AssignsItsParagraphs()
    {
        ReflectionReport report = s_analyzer.Analyze("Criterion 2\n\nI ran six induction sessions in September.");
        ParagraphReport body = report.Paragraphs[1];
        Assert.Equal(Criterion.OrganisationalContext, body.HeadingCriterion);
        Assert.Equal(1.0, body.Criteria.OrganisationalContext);
        Assert.Equal(ParagraphKind.Heading, report.Paragraphs[0].Kind);
    }

    [Fact]
    public void Analyze_Sentence_ReportsItsCuesWithSpansIntoTheText()
    {
        ReflectionReport report = s_analyzer.Analyze(Reflective);
        CueReport cue = report.Sentences.SelectMany(s => s.Cues).First(c => c.Cue == "causal");
        Assert.Equal("because", Reflective.Substring(cue.Start, cue.Length));
        Assert.All(report.Sentences, s => Assert.All(s.Drivers, d => Assert.True(d.Weight > 0 && d.Start >= s.Start && d.Start + d.Length <= s.Start + s.Length + 2000)));
    }

    [Fact]
    public void Analyze_EvidenceReferences_AreCounted()
    {
        string text = "I ran training (Evidence 1) and wrote a guide (see E2, E3). Appendix 4 has the feedback. Evidence 1 again.";
        Assert.Equal(4, ReflectionAnalyzer.CountEvidenceReferences(text, ReflectiveAnalysis.Text.TextSegmenter.Segment(text).Tokens.AsSpan()));
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 200)]
    public bool Analyze_AnyText_NeverThrowsAndKeepsEveryNumberInRange(AnyText any)
    {
        ReflectionReport report = s_analyzer.Analyze(any.Value);
        bool sentencesOk = report.Sentences.All(s =>
            s.Confidence is >= 0 and <= 1
            && Math.Abs(SumOf(s.Probabilities) - 1) < 1e-3
            && s.Text == any.Value.Substring(s.Start, s.Length)
            && s.Cues.All(c => c.Start >= s.Start && c.Start + c.Length <= s.Start + s.Length));
        double modeSum = report.Modes.Descriptive + report.Modes.Analytical + report.Modes.Evaluative;
        return sentencesOk
            && report.Depth.Score is >= 0 and <= 100
            && report.Depth.Level == DepthAssessment.LevelFor(report.Depth.Score)
            && (report.Paragraphs.All(p => p.Kind == ParagraphKind.Heading) ? modeSum == 0 : Math.Abs(modeSum - 1) < 1e-3)
            && InRange(report.Criteria)
            && report.Paragraphs.All(p => InRange(p.Criteria))
            && report.Feedback.Length >= 1;
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 100)]
    public bool Analyze_SameText_GivesTheSameReport(AnyText any) =>
        s_analyzer.Analyze(any.Value).ToJson() == new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default).Analyze(any.Value).ToJson();

    [Fact]
    public void Analyze_SharedByEightThreads_GivesExactlyTheSequentialReports()
    {
        string[] documents = MixedDocuments(400);
        string[] sequential = [.. documents.Select(d => s_analyzer.Analyze(d).ToJson())];
        var parallel = new ConcurrentDictionary<int, string>();
        Parallel.For(0, documents.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = s_analyzer.Analyze(documents[i]).ToJson());
        for (int i = 0; i < documents.Length; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }

    [Fact]
    public void Analyze_ReportJson_RoundTrips()
    {
        ReflectionReport report = s_analyzer.Analyze(Reflective);
        string json = report.ToJson();
        Assert.Equal(json, ReflectionReport.FromJson(json).ToJson());
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\": \"analytical\"", json, StringComparison.Ordinal);
    }

    internal static string[] MixedDocuments(int count)
    {
        string[] statements = [.. Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        var random = new Random(20261128);
        var documents = new string[count];
        for (int i = 0; i < count; i++)
        {
            string source = statements[i % statements.Length];
            int start = random.Next(source.Length / 2);
            documents[i] = (i % 3) switch
            {
                0 => source,
                1 => source[start..],
                _ => source[..(source.Length - start)] + "\n\n" + Reflective,
            };
        }
        return documents;
    }

    private static double SumOf(CategoryProbabilities p) => Enum.GetValues<ReflectiveCategory>().Sum(c => p[c]);

    private static bool InRange(CriteriaScores c) => Enum.GetValues<Criterion>().All(k => c[k] is >= 0 and <= 1);
}

public sealed class AnalyzerEdgeCaseTests
{
    [Theory]
    [InlineData("# Only a heading")]
    [InlineData("\uF60F")]
    [InlineData("\U0001F44D\u200D ")]
    [InlineData("...!?!")]
    public void Analyze_DegenerateText_StillGivesFeedback(string text)
    {
        ReflectionReport report = ReflectionAnalyzer.CreateDefault().Analyze(text);
        Assert.NotEmpty(report.Feedback);
        Assert.NotEmpty(report.Sentences);
    }
}

public sealed class LexiconScorerTests
{
    [Fact]
    public void Analyze_LexiconOnly_CountsACueFamilyAtMostTwiceHoweverOftenItRepeats()
    {
        // 300 repeats once wrapped the per-family byte counter past 255 and counted the family again.
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = ReflectionModel.LexiconOnly });
        SentenceReport twice = analyzer.Analyze("because because.").Sentences[0];
        SentenceReport many = analyzer.Analyze(string.Join(' ', Enumerable.Repeat("because", 300)) + ".").Sentences[0];
        Assert.Equal(twice.Probabilities, many.Probabilities);
    }
}
