using System.Diagnostics;
using Xunit.Abstractions;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// Every hostile shape from the reliability issue: analysed at full size without a crash, a hang or a bad offset,
/// and analysed at two sizes to show the cost grows linearly (10x the text costs under 15x the time).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static readonly ReflectionAnalyzer s_analyzer = ReflectionAnalyzer.CreateDefault();

    /// <summary>
    /// The linearity bound: 10x the text must cost under 15x the time (a quadratic step shows as x100). It is checked
    /// from 5,000 to 50,000 characters, where both sizes' working memory stays in the CPU's 1 MB L2 cache, so the
    /// ratio measures the algorithm.
    /// </summary>
    private const double MaxRatio = 15;

    /// <summary>
    /// From 20,000 to 200,000 characters the large side's working memory (for the densest shapes: 100,000 tokens and
    /// 40,000 sentence objects, several MB) leaves L2 and the small side's does not, and every large run collects
    /// garbage once. Each stage is still linear (docs/reliability.md: doubling 200k to 400k costs 2-2.8x), but that
    /// one-off memory-hierarchy step shows as 12-35x on this shared 2-core VM, so the bound across it is generous, and
    /// still well short of the x100 a quadratic step would give.
    /// </summary>
    private const double MaxRatioAcrossTheCacheStep = 45;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Analyze_HostileShape_KeepsEveryInvariant(string shape)
    {
        foreach (int length in new[] { 1, 2, 3, 7, 64, 1_000, 20_000 })
        {
            string text = HostileShapes.Make(shape, length);
            ReflectionReport report = s_analyzer.Analyze(text);
            string? problem = ReportInvariants.CheckAll(text, report);
            Assert.True(problem is null, $"{shape} at {length}: {problem} ({ReportInvariants.Describe(text)})");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Analyze_HostileShape_TenTimesTheTextCostsUnderFifteenTimesTheTime(string shape)
    {
        double ratio = BestOfAttempts(() => TimeRatio(shape, 5_000, 50_000), MaxRatio);
        Assert.True(ratio < MaxRatio, $"{shape}: 10x the text (5,000 -> 50,000 chars) took {ratio:0.0}x the time");
        double across = BestOfAttempts(() => TimeRatio(shape, 20_000, 200_000), MaxRatioAcrossTheCacheStep);
        Assert.True(across < MaxRatioAcrossTheCacheStep, $"{shape}: 10x the text (20,000 -> 200,000 chars) took {across:0.0}x the time");
    }

    /// <summary>
    /// Measures up to five times and keeps the best ratio, stopping as soon as one is within the bound. Other test
    /// assemblies run in parallel on the same two cores, so one measurement can catch a burst of load on one side; a
    /// genuinely super-linear step is slow on every attempt and still fails.
    /// </summary>
    private static double BestOfAttempts(Func<double> measure, double bound)
    {
        double best = double.MaxValue;
        for (int attempt = 0; attempt < 5 && best >= bound; attempt++)
        {
            best = Math.Min(best, measure());
        }
        return best;
    }

    /// <summary>Time for <paramref name="large"/> characters of a shape over time for <paramref name="small"/>.</summary>
    private double TimeRatio(string shape, int small, int large)
    {
        string smallText = HostileShapes.Make(shape, small);
        string largeText = HostileShapes.Make(shape, large);
        // Warm up: tiered compilation runs a method's first ~30 calls unoptimised and recompiles it in the background
        // after a quiet spell, so without this the first size measured would run slower code than the second.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 40; i++)
            {
                s_analyzer.Analyze(smallText);
            }
            s_analyzer.Analyze(largeText);
            Thread.Sleep(150);
        }
        // The small text is timed ten times back to back, so both sides analyse the same amount of text and pay their
        // share of garbage collection: a single small run fits in the GC's first-generation budget and never collects,
        // while a large run may, which would bill the large side alone for collection. The two sides alternate, round
        // by round, so both see the same load from whatever else the machine is doing; each keeps its fastest round.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        double smallMs = double.MaxValue, largeMs = double.MaxValue;
        for (int round = 0; round < 7; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 10; i++)
            {
                s_analyzer.Analyze(smallText);
            }
            smallMs = Math.Min(smallMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds / 10);
            start = Stopwatch.GetTimestamp();
            s_analyzer.Analyze(largeText);
            largeMs = Math.Min(largeMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        double ratio = largeMs / Math.Max(smallMs, 0.005);
        output.WriteLine($"{shape}: {small:N0} chars {smallMs:0.000} ms, {large:N0} chars {largeMs:0.000} ms, ratio {ratio:0.0}");
        return ratio;
    }

    [Theory]
    [InlineData("one-long-token", 1_000_000)]
    [InlineData("blank-lines", 100_000)]
    [InlineData("one-word-sentences", 600_000)] // 100,000 sentences of "Word. "
    [InlineData("one-long-sentence", 500_000)]
    [InlineData("latin1-binary", 1_000_000)]
    [InlineData("lone-surrogates", 1_000_000)]
    public void Analyze_HostileShapeAtTheSizeTheIssueNames_FinishesAndKeepsEveryInvariant(string shape, int length)
    {
        string text = HostileShapes.Make(shape, length);
        var watch = Stopwatch.StartNew();
        ReflectionReport report = s_analyzer.Analyze(text);
        watch.Stop();
        output.WriteLine($"{shape} at {length:N0} chars: {watch.ElapsedMilliseconds} ms, {report.SentenceCount:N0} sentences");
        string? problem = ReportInvariants.CheckAll(text, report);
        Assert.True(problem is null, $"{shape} at {length}: {problem}");
        if (shape == "one-word-sentences")
        {
            Assert.Equal(100_000, report.SentenceCount);
        }
        if (shape == "blank-lines")
        {
            Assert.Empty(report.Sentences);
            Assert.Equal(FeedbackKind.NothingToAnalyse, Assert.Single(report.Feedback).Kind);
        }
        if (shape == "one-long-sentence")
        {
            Assert.Equal(1, report.SentenceCount);
            Assert.Equal(100_000, report.WordCount);
        }
    }

    [Fact]
    public void Analyze_AtTheDefaultLimit_IsAcceptedAndOneMoreCharacterIsRejectedBeforeAnyWork()
    {
        int limit = ReflectionAnalyzerOptions.Default.MaxInputLength;
        Assert.Equal(1_000_000, limit);
        Assert.NotNull(s_analyzer.Analyze(new string('x', limit)));
        // One char over: rejected. The check comes first, so even a text the analyzer would choke on is refused at once.
        string over = HostileShapes.Make("one-word-sentences", limit + 1);
        Assert.Throws<InputTooLongException>(() => s_analyzer.Analyze(over)); // first throw: exception machinery warmed up
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        InputTooLongException e = Assert.Throws<InputTooLongException>(() => s_analyzer.Analyze(over));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(limit + 1, e.Length);
        Assert.Equal(limit, e.Limit);
        Assert.Equal("text", e.ParamName);
        // Tokenising alone would allocate megabytes for this text; the exception and its message are a few KB.
        Assert.True(allocated < 64_000, $"rejecting allocated {allocated:N0} bytes");
    }

    public static TheoryData<string> Shapes => [.. HostileShapes.Names];
}

/// <summary>Timed and memory tests run on their own, after the parallel tests, so other tests do not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing (not parallel)";
}
