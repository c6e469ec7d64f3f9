using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>One analyzer shared by eight threads gives exactly the reports a sequential run gives.</summary>
[Collection(TimingCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public void Analyze_TwoThousandMixedDocumentsOnEightThreads_GivesExactlyTheSequentialReports()
    {
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default);
        string[] documents = Documents(2_000);
        var clock = Stopwatch.StartNew();
        string[] sequential = [.. documents.Select(d => analyzer.Analyze(d).ToJson(indented: false))];
        TimeSpan sequentialTime = clock.Elapsed;

        var parallel = new string[documents.Length];
        var errors = new ConcurrentQueue<Exception>();
        clock.Restart();
        // Eight real threads, not pool work items, so eight analyses really are in flight at once even on two cores.
        int next = -1;
        Thread[] threads = [.. Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < documents.Length)
            {
                try
                {
                    parallel[i] = analyzer.Analyze(documents[i]).ToJson(indented: false);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
        TimeSpan parallelTime = clock.Elapsed;

        Assert.Empty(errors);
        long characters = documents.Sum(d => (long)d.Length);
        output.WriteLine($"{documents.Length} documents, {characters:N0} chars: sequential {sequentialTime.TotalMilliseconds:N0} ms ({documents.Length / sequentialTime.TotalSeconds:N0} docs/s), " +
            $"8 threads {parallelTime.TotalMilliseconds:N0} ms ({documents.Length / parallelTime.TotalSeconds:N0} docs/s), {Environment.ProcessorCount} cores; times include ToJson");
        for (int i = 0; i < documents.Length; i++)
        {
            Assert.True(sequential[i] == parallel[i], $"document {i} differs between the sequential and the parallel run");
        }
    }

    /// <summary>Short documents (a few hundred characters) of every kind: statements, cut statements, hostile shapes, empty text.</summary>
    internal static string[] Documents(int count)
    {
        string[] statements = [.. Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        string[] shapes = [.. HostileShapes.Names];
        var random = new Random(2_000);
        var documents = new string[count];
        for (int i = 0; i < count; i++)
        {
            string statement = statements[i % statements.Length];
            int start = random.Next(statement.Length / 2);
            int length = Math.Min(statement.Length - start, 200 + random.Next(600));
            documents[i] = (i % 5) switch
            {
                0 => statement[start..(start + length)],
                1 => "Criterion 1\n\n" + statement[start..(start + length)],
                2 => HostileShapes.Make(shapes[random.Next(shapes.Length)], 50 + random.Next(400)),
                3 => statement[start..(start + length)] + "\n\n" + HostileShapes.Make(shapes[random.Next(shapes.Length)], 100),
                _ => i % 50 == 4 ? "" : statement[..length],
            };
        }
        return documents;
    }
}
