using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FsCheck.Fluent;
using ReflectiveAnalysis;
using ReflectiveAnalysis.Tests;
using ReflectiveAnalysis.Tests.Reliability;
using ReflectiveAnalysis.Text;

// Usage (see docs/fuzzing.md and docs/reliability.md):
//   fuzz   [--minutes M] [--seed S] [--out DIR]   random and mutated texts through tokeniser, segmenter and analyzer
//   replay FILE...                                 re-runs saved inputs (UTF-16LE files) and reports each result
//   memory [--iterations N] [--length L]           analyses one document N times and reports the managed heap and working set
//   save-lexicon-model PATH                        writes ReflectionModel.LexiconOnly to PATH (how the v1 test model was made)
//   scale  [--sizes a,b,c] [--shape NAME]          times every hostile shape at three sizes (default 20k, 200k, 2M characters)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string mode = args.Length > 0 ? args[0] : "fuzz";
string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

return mode switch
{
    "fuzz" => Fuzzer.Run(double.Parse(Option("--minutes", "1"), CultureInfo.InvariantCulture), int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture), Option("--out", "fuzz-findings")),
    "replay" => Fuzzer.Replay(args[1..]),
    "memory" => MemoryRun.Run(int.Parse(Option("--iterations", "1000"), CultureInfo.InvariantCulture), int.Parse(Option("--length", "1000000"), CultureInfo.InvariantCulture)),
    "save-lexicon-model" => SaveLexiconModel(args[1]),
    "scale" => ScaleRun.Run([.. Option("--sizes", "20000,200000,2000000").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))], args.Contains("--shape") ? Option("--shape", "") : null),
    _ => Usage(),
};

// Writes ReflectionModel.LexiconOnly in the current format: how tests/.../Reliability/Data/model-v1.ramodel was made.
static int SaveLexiconModel(string path)
{
    using (FileStream stream = File.Create(path))
    {
        ReflectionModel.LexiconOnly.Save(stream);
    }
    Console.WriteLine($"{path}: {new FileInfo(path).Length} bytes, model {ReflectionModel.LexiconOnly.Name} {ReflectionModel.LexiconOnly.Version}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: ReflectiveAnalysis.Fuzz fuzz|replay|memory|scale|save-lexicon-model [options]; see docs/fuzzing.md");
    return 2;
}

/// <summary>The fuzz loop: generates inputs, checks every invariant, saves anything that breaks one.</summary>
internal static class Fuzzer
{
    private static readonly ReflectionAnalyzer s_trained = new(ReflectionAnalyzerOptions.Default);
    private static readonly ReflectionAnalyzer s_lexicon = new(ReflectionAnalyzerOptions.Default with { Model = ReflectionModel.LexiconOnly });

    /// <summary>Characters that have broken text code before: surrogates, controls, marks, joiners, bidi, separators.</summary>
    private static readonly string[] s_interesting =
    [
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFD", "\uFFFE", "\uFEFF", "\u0000", "\u0007", "\u001C", "\u001E", "\u001F", "\u007F",
        "\u0085", "\u00A0", "\u00AD", "\u0301", "\u0308", "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202E", "\u2066", "\u2028",
        "\u2029", "\u2026", "\u203D", "\u2019", "\u201D", "\u2022", "\u2010", "\U0001F44D", "\U0001F3FD", "\U0001D400", "\U0001D7CE",
        "\uFE0F", "\u20E3", "\U000E0067", "\u3002", "\u56FE", "\u0645", ".", "?", "!", "...", " ", "\n", "\r\n", "\n\n", "\t", "-", "'",
        "/", "@", "#", "(", ")", "\"", "1.", "e.g.", "Dr.", "https://", "www.", "a@b.co", "3.5", "1,000", "# ", "- ", "* ",
    ];

    public static int Run(double minutes, int seed, string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        var random = new Random(seed);
        List<string> corpus = SeedCorpus();
        int seeds = corpus.Count;
        FsCheck.Gen<AnyText> generated = TextGenerators.Texts().Generator;
        var clock = Stopwatch.StartNew();
        TimeSpan budget = TimeSpan.FromMinutes(minutes);
        long executions = 0, characters = 0, findings = 0;
        TimeSpan nextReport = TimeSpan.FromSeconds(30);
        Console.WriteLine($"fuzz: seed {seed}, {minutes} min, corpus {corpus.Count}, findings to {Path.GetFullPath(outDirectory)}");
        while (clock.Elapsed < budget)
        {
            // Half the batches come from the FsCheck generators the property tests use, half from mutating the corpus.
            IEnumerable<string> batch = random.Next(2) == 0
                ? Gen.Sample(generated, random.Next(1, 400), 64).Select(t => t.Value)
                : Enumerable.Range(0, 64).Select(_ => Mutate(corpus[random.Next(corpus.Count)], corpus, random));
            foreach (string input in batch)
            {
                string? problem = Check(input);
                executions++;
                characters += input.Length;
                if (problem is not null)
                {
                    findings++;
                    string file = Save(outDirectory, input);
                    Console.WriteLine($"FINDING {findings}: {problem} -> {file}");
                }
                else if (input.Length < 4_000 && random.Next(64) == 0)
                {
                    // Keep some mutants so mutations compound; once the corpus is full, replace a random non-seed entry.
                    if (corpus.Count < 4_096)
                    {
                        corpus.Add(input);
                    }
                    else
                    {
                        corpus[seeds + random.Next(corpus.Count - seeds)] = input;
                    }
                }
            }
            if (clock.Elapsed >= nextReport)
            {
                Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} {executions:N0} execs ({executions / clock.Elapsed.TotalSeconds:N0}/s), {characters / 1e6:N1} M chars, corpus {corpus.Count}, findings {findings}");
                nextReport += TimeSpan.FromSeconds(30);
            }
        }
        Console.WriteLine($"done: {executions:N0} executions in {clock.Elapsed.TotalSeconds:N0} s ({executions / clock.Elapsed.TotalSeconds:N0}/s), {characters / 1e6:N1} M chars, {findings} findings");
        return findings == 0 ? 0 : 1;
    }

    public static int Replay(string[] files)
    {
        int failures = 0;
        foreach (string file in files)
        {
            string input = Load(file);
            string? problem = Check(input);
            Console.WriteLine($"{file}: {problem ?? "ok"}");
            failures += problem is null ? 0 : 1;
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs one input through everything; returns the first broken rule, a crash, or a slow call.</summary>
    public static string? Check(string input)
    {
        try
        {
            int tokens = 0;
            foreach (Token _ in Tokenizer.Enumerate(input))
            {
                tokens++;
            }
            SegmentedText layout = TextSegmenter.Segment(input);
            if (layout.Tokens.Length != tokens)
            {
                return $"Tokenizer.Enumerate gave {tokens} tokens, the segmenter {layout.Tokens.Length}";
            }
            string? problem = ReportInvariants.CheckLayout(input, layout);
            if (problem is not null)
            {
                return "layout: " + problem;
            }
            foreach (ReflectionAnalyzer analyzer in new[] { s_trained, s_lexicon })
            {
                long start = Stopwatch.GetTimestamp();
                ReflectionReport report = analyzer.Analyze(input);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                // 250 ms plus 5 µs per character is about 100 times the measured speed (~0.05 µs per character): only a
                // step that grows faster than the text, or a hang, gets there. A slow run is timed twice more and only
                // the fastest counts, so a moment of load from other processes is not reported as a finding.
                double limit = 250 + input.Length * 0.005;
                for (int retry = 0; retry < 2 && elapsed > limit; retry++)
                {
                    start = Stopwatch.GetTimestamp();
                    analyzer.Analyze(input);
                    elapsed = Math.Min(elapsed, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                if (elapsed > limit)
                {
                    return $"{analyzer.Model.Name}: {input.Length} chars took {elapsed:N0} ms (fastest of 3)";
                }
                problem = ReportInvariants.CheckReport(input, report);
                if (problem is not null)
                {
                    return $"{analyzer.Model.Name}: {problem}";
                }
                string json = report.ToJson(indented: false);
                if (ReflectionReport.FromJson(json).ToJson(indented: false) != json)
                {
                    return $"{analyzer.Model.Name}: JSON does not round-trip";
                }
            }
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"{e.GetType().Name}: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
        }
    }

    private static List<string> SeedCorpus()
    {
        var corpus = new List<string>();
        string? root = FindRoot();
        if (root is not null)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(root, "samples", "statements"), "*.txt").Concat(Directory.GetFiles(Path.Combine(root, "tests", "ReflectiveAnalysis.Tests", "Golden"), "*.txt")).Order(StringComparer.Ordinal))
            {
                corpus.Add(File.ReadAllText(file));
            }
        }
        foreach (string shape in HostileShapes.Names)
        {
            corpus.Add(HostileShapes.Make(shape, 300));
        }
        corpus.Add("Criterion 1\n\nI ran sessions.\n\n- one item\n- two items\n\n# Heading\n\nI learned a lot. Next year I will ask users.");
        return corpus;
    }

    private static string Mutate(string input, List<string> corpus, Random random)
    {
        var text = new StringBuilder(input);
        int steps = 1 + random.Next(8);
        for (int step = 0; step < steps; step++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
            switch (random.Next(8))
            {
                case 7:
                {
                    // A long run of one short piece: the shape that exposes a scan restarting at every token.
                    string piece = random.Next(2) == 0 && text.Length > 0
                        ? text.ToString(Math.Min(at, text.Length - 1), Math.Min(1 + random.Next(8), text.Length - Math.Min(at, text.Length - 1)))
                        : s_interesting[random.Next(s_interesting.Length)] + s_interesting[random.Next(s_interesting.Length)];
                    int target = Math.Min(120_000, text.Length + 1_000 + random.Next(60_000));
                    var run = new StringBuilder(target);
                    while (run.Length + piece.Length <= target - text.Length)
                    {
                        run.Append(piece);
                    }
                    text.Insert(at, run.ToString());
                    break;
                }
                case 0:
                    text.Insert(at, s_interesting[random.Next(s_interesting.Length)]);
                    break;
                case 1:
                    text.Insert(at, (char)random.Next(0x10000));
                    break;
                case 2 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + random.Next(16), text.Length - Math.Min(at, text.Length - 1)));
                    break;
                case 3 when text.Length > 0:
                {
                    int from = random.Next(text.Length);
                    int length = Math.Min(1 + random.Next(64), text.Length - from);
                    string piece = text.ToString(from, length);
                    int times = 1 + random.Next(random.Next(2) == 0 ? 4 : 200);
                    for (int k = 0; k < times && text.Length < 100_000; k++)
                    {
                        text.Insert(at, piece);
                    }
                    break;
                }
                case 4 when text.Length > 0:
                {
                    int index = Math.Min(at, text.Length - 1);
                    text[index] = (char)(text[index] ^ (1 << random.Next(16)));
                    break;
                }
                case 5:
                {
                    string other = corpus[random.Next(corpus.Count)];
                    int from = random.Next(other.Length + 1);
                    text.Insert(at, other.AsSpan(from, Math.Min(other.Length - from, random.Next(512))));
                    break;
                }
                default:
                    if (text.Length > 1)
                    {
                        text.Length = random.Next(text.Length); // truncate, possibly mid-pair
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Saves an input exactly, lone surrogates included, as UTF-16LE code units.</summary>
    private static string Save(string directory, string input)
    {
        byte[] bytes = MemoryMarshal.AsBytes(input.AsSpan()).ToArray();
        string name = Path.Combine(directory, $"finding-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16].ToLowerInvariant()}.utf16");
        File.WriteAllBytes(name, bytes);
        return name;
    }

    private static string Load(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }

    /// <summary>The repository root: above the current directory, else above the program.</summary>
    internal static string? FindRoot() => FindRootAbove(Environment.CurrentDirectory) ?? FindRootAbove(AppContext.BaseDirectory);

    private static string? FindRootAbove(string? directory)
    {
        while (directory is not null && !File.Exists(Path.Combine(directory, "ReflectiveAnalysis.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }
        return directory;
    }
}

/// <summary>Analyses one large document many times and reports how the managed heap and the working set move.</summary>
internal static class MemoryRun
{
    public static int Run(int iterations, int length)
    {
        string document = Document(length);
        var analyzer = ReflectionAnalyzer.CreateDefault();
        for (int i = 0; i < 5; i++)
        {
            analyzer.Analyze(document);
        }
        (long heapBefore, long setBefore) = Measure();
        Console.WriteLine($"memory: {document.Length:N0}-char document, {iterations} analyses after 5 warm-ups");
        Console.WriteLine($"before: managed heap {heapBefore / 1e6:N1} MB, working set {setBefore / 1e6:N1} MB");
        var clock = Stopwatch.StartNew();
        long peakSet = setBefore;
        for (int i = 1; i <= iterations; i++)
        {
            analyzer.Analyze(document);
            if (i % Math.Max(1, iterations / 10) == 0)
            {
                (long heap, long set) = Measure();
                peakSet = Math.Max(peakSet, set);
                Console.WriteLine($"after {i,5}: managed heap {heap / 1e6:N1} MB, working set {set / 1e6:N1} MB, {clock.Elapsed.TotalSeconds / i * 1000:N0} ms per analysis");
            }
        }
        (long heapAfter, long setAfter) = Measure();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"after: managed heap {heapAfter / 1e6:N1} MB ({(heapAfter - heapBefore) / 1e6:+0.0;-0.0} MB), working set {setAfter / 1e6:N1} MB ({(setAfter - setBefore) / 1e6:+0.0;-0.0} MB), peak working set {process.PeakWorkingSet64 / 1e6:N1} MB, {clock.Elapsed.TotalSeconds:N1} s");
        return 0;
    }

    internal static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    /// <summary>The sample statements repeated up to <paramref name="length"/> characters: a realistic large document.</summary>
    internal static string Document(int length)
    {
        string root = Fuzzer.FindRoot() ?? throw new InvalidOperationException("Run from inside the repository.");
        string[] statements = [.. Directory.GetFiles(Path.Combine(root, "samples", "statements"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        var builder = new StringBuilder(length + 4_000);
        for (int i = 0; builder.Length < length; i++)
        {
            builder.Append(statements[i % statements.Length]).Append("\n\n");
        }
        builder.Length = length;
        return builder.ToString();
    }
}

/// <summary>Times every hostile shape at three sizes, and the segmenter alone, to find non-linear steps.</summary>
internal static class ScaleRun
{
    public static int Run(int[] sizes, string? only)
    {
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { MaxInputLength = sizes.Max() });
        Console.WriteLine($"{"shape",-28} {sizes[0],9:N0} {sizes[1],9:N0} {sizes[2],9:N0} {"x10",6} {"x100",6}   segment: {"small",7} {"large",8}  (minimum ms of 3, GC settled before each)");
        foreach (string shape in HostileShapes.Names.Where(n => only is null || n == only))
        {
            double[] analyse = new double[sizes.Length];
            double[] segment = new double[sizes.Length];
            double[] gcShare = new double[sizes.Length];
            double[] allocated = new double[sizes.Length];
            for (int k = 0; k < sizes.Length; k++)
            {
                string text = HostileShapes.Make(shape, sizes[k]);
                analyzer.Analyze(text);
                TimeSpan pauseBefore = GC.GetTotalPauseDuration();
                long allocatedBefore = GC.GetTotalAllocatedBytes();
                analyse[k] = Minimum(() => analyzer.Analyze(text), 3);
                gcShare[k] = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / 3 / analyse[k];
                allocated[k] = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 3.0 / sizes[k];
                segment[k] = Minimum(() => TextSegmenter.Segment(text), 3);
            }
            Console.WriteLine($"{shape,-28} {analyse[0],9:N2} {analyse[1],9:N2} {analyse[2],9:N2} {analyse[1] / analyse[0],6:N1} {analyse[2] / analyse[0],6:N1}   segment: {segment[0],7:N2} {segment[2],8:N2}   GC pause {gcShare[0],4:P0} {gcShare[1],4:P0} {gcShare[2],4:P0}   bytes/char {allocated[0],5:N0} {allocated[2],5:N0}");
        }
        return 0;
    }

    private static double Minimum(Action action, int repetitions)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return best;
    }
}
