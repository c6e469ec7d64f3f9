using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// Analysing the same large document again and again does not grow memory: per-thread scratch is dropped when it
/// outgrows its cap, pooled arrays go back to the pool, and no static cache grows with input. The full 1,000-run
/// version is a manual command (docs/reliability.md); CI runs 25.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const int Iterations = 25;

    /// <summary>
    /// Growth allowed in the managed heap after a full collection. The 25 runs allocate about 2.5 GB, so keeping even 1%
    /// of it would show as 25 MB; alone in a process the growth is 0.0 MB over 1,000 runs (docs/reliability.md), and the
    /// slack is for tests in other collections that xunit may run at the same time in this process.
    /// </summary>
    private const long MaxHeapGrowth = 16_000_000;

    /// <summary>Growth allowed in the working set: the GC may keep some freed segments committed, not 25 documents' worth (~100 MB).</summary>
    private const long MaxWorkingSetGrowth = 64_000_000;

    [Fact]
    public void Analyze_OneMillionCharacterDocumentRepeatedly_DoesNotGrowMemory()
    {
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default);
        string document = Document(1_000_000);
        for (int i = 0; i < 3; i++)
        {
            analyzer.Analyze(document);
        }
        (long heapBefore, long setBefore) = Measure();
        var clock = Stopwatch.StartNew();
        WeakReference lastReport = RunAndForget(analyzer, document);
        clock.Stop();
        (long heapAfter, long setAfter) = Measure();
        output.WriteLine($"{Iterations} x {document.Length:N0} chars in {clock.Elapsed.TotalSeconds:N1} s: managed heap {heapBefore / 1e6:N1} -> {heapAfter / 1e6:N1} MB, " +
            $"working set {setBefore / 1e6:N1} -> {setAfter / 1e6:N1} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N1} MB");
        Assert.True(heapAfter - heapBefore < MaxHeapGrowth, $"the managed heap grew by {(heapAfter - heapBefore) / 1e6:N1} MB");
        Assert.True(setAfter - setBefore < MaxWorkingSetGrowth, $"the working set grew by {(setAfter - setBefore) / 1e6:N1} MB");
        Assert.False(lastReport.IsAlive, "the analyzer still holds the last report");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference RunAndForget(ReflectionAnalyzer analyzer, string document)
    {
        ReflectionReport? report = null;
        for (int i = 0; i < Iterations; i++)
        {
            report = analyzer.Analyze(document);
            Assert.NotEmpty(report.Sentences);
        }
        return new WeakReference(report);
    }

    [Fact]
    public void Analyze_ManyDistinctDocuments_DoesNotGrowTheManagedHeap()
    {
        // A cache keyed by input (strings, hashes) would grow with every new text; the analyzer must keep none.
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default);
        string baseText = Document(5_000);
        for (int i = 0; i < 50; i++)
        {
            analyzer.Analyze(baseText + " word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        (long before, _) = Measure();
        for (int i = 0; i < 2_000; i++)
        {
            analyzer.Analyze($"Unique{i} {baseText} zq{i * 7919}x.");
        }
        (long after, _) = Measure();
        output.WriteLine($"2,000 distinct 5,000-char documents: managed heap {before / 1e6:N2} -> {after / 1e6:N2} MB");
        Assert.True(after - before < 1_000_000, $"the managed heap grew by {(after - before) / 1e6:N2} MB over 2,000 distinct documents");
    }

    internal static (long Heap, long WorkingSet) Measure()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    /// <summary>The sample statements repeated to <paramref name="length"/> characters.</summary>
    internal static string Document(int length)
    {
        string[] statements = [.. Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        var builder = new StringBuilder(length + 4_000);
        for (int i = 0; builder.Length < length; i++)
        {
            builder.Append(statements[i % statements.Length]).Append("\n\n");
        }
        builder.Length = length;
        return builder.ToString();
    }
}
