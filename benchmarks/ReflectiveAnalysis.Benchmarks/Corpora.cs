using System.Text;
using System.Text.Json;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>The inputs a benchmark method runs on; read by the throughput columns.</summary>
public enum Input
{
    /// <summary>The whole corpus (CEReD English training sentences, or our generated fallback).</summary>
    Corpus,

    /// <summary>A ~1,000-word statement built from samples/statements/reflective.txt.</summary>
    Statement,

    /// <summary>The start of the corpus, cut at a paragraph break, as long as the benchmark's <c>Kilobytes</c> parameter says.</summary>
    CorpusPrefix,

    /// <summary>The corpus split into documents of <see cref="Corpora.ParagraphsPerDocument"/> paragraphs (the same text in all).</summary>
    Documents,

    /// <summary>
    /// The whole corpus cut at paragraph breaks into distinct documents of the benchmark's <c>Kilobytes</c> parameter
    /// (the last one shorter), all processed in turn: the size-scaling input without one small text repeated.
    /// </summary>
    CorpusPieces,
}

/// <summary>Marks a benchmark method with the input it processes once per invocation.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InputAttribute(Input input) : Attribute
{
    public Input Input { get; } = input;
}

/// <summary>
/// Benchmark inputs, built once per process and identical in the host and in every benchmark process
/// (the throughput columns are computed in the host from the same texts).
/// </summary>
public static class Corpora
{
    private const int SentencesPerParagraph = 6;
    private const int StatementWords = 1_000;

    private static readonly Lazy<(string Text, string Name)> s_corpus = new(LoadCorpus);
    private static readonly Lazy<string> s_statement = new(BuildStatement);
    private static readonly Dictionary<(Input, int), InputStats> s_stats = [];
    private static readonly Lazy<string[]> s_documents = new(SplitDocuments);

    /// <summary>Paragraphs per document in <see cref="Documents"/>.</summary>
    public const int ParagraphsPerDocument = 5;

    /// <summary>The corpus as many small documents (~6 KB each): the thread-scaling input.</summary>
    public static string[] Documents => s_documents.Value;

    /// <summary>The corpus: sentences grouped into paragraphs of about six, separated by blank lines.</summary>
    public static string Corpus => s_corpus.Value.Text;

    /// <summary>Where the corpus came from.</summary>
    public static string CorpusName => s_corpus.Value.Name;

    /// <summary>A statement of about 1,000 words.</summary>
    public static string Statement => s_statement.Value;

    public static string Get(Input input, int kilobytes = 0) => input switch
    {
        Input.Corpus => Corpus,
        Input.Statement => Statement,
        Input.CorpusPrefix => Prefix(kilobytes),
        Input.Documents => string.Concat(Documents),
        Input.CorpusPieces => string.Concat(Pieces(kilobytes)),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    /// <summary>
    /// The start of the corpus up to the last paragraph break within <paramref name="kilobytes"/> KB (10^3 bytes) of
    /// UTF-16, or the corpus repeated (whole paragraphs) when it is shorter than that.
    /// </summary>
    public static string Prefix(int kilobytes)
    {
        int chars = kilobytes * 1000 / 2;
        string source = Corpus;
        while (source.Length < chars)
        {
            source += "\n" + Corpus;
        }
        int cut = source.LastIndexOf("\n\n", Math.Min(chars, source.Length - 1), StringComparison.Ordinal);
        return cut > 0 ? source[..cut] + "\n" : source[..chars];
    }

    private static readonly Dictionary<int, string[]> s_pieces = [];

    /// <summary>
    /// The corpus cut into consecutive documents of up to <paramref name="kilobytes"/> KB (10^3 bytes) of UTF-16, each
    /// ending at the last paragraph break within that size (a paragraph longer than that is cut where it reaches it).
    /// </summary>
    public static string[] Pieces(int kilobytes)
    {
        lock (s_pieces)
        {
            if (!s_pieces.TryGetValue(kilobytes, out string[]? pieces))
            {
                string text = Corpus;
                int chars = kilobytes * 1000 / 2;
                var list = new List<string>();
                int position = 0;
                while (position < text.Length)
                {
                    int end = Math.Min(text.Length, position + chars);
                    int cut = end == text.Length ? end : text.LastIndexOf("\n\n", end - 1, end - position, StringComparison.Ordinal);
                    if (cut <= position)
                    {
                        cut = end;
                    }
                    string piece = text[position..cut].Trim('\n');
                    if (piece.Length > 0)
                    {
                        list.Add(piece + "\n");
                    }
                    position = cut;
                }
                pieces = [.. list];
                s_pieces[kilobytes] = pieces;
            }
            return pieces;
        }
    }

    private static string[] SplitDocuments()
    {
        string[] paragraphs = Corpus.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var documents = new List<string>();
        for (int i = 0; i < paragraphs.Length; i += ParagraphsPerDocument)
        {
            documents.Add(string.Join("\n\n", paragraphs.Skip(i).Take(ParagraphsPerDocument)));
        }
        return [.. documents];
    }

    /// <summary>Size, tokens and sentences of an input, as our own segmenter counts them.</summary>
    public static InputStats Stats(Input input, int kilobytes = 0)
    {
        lock (s_stats)
        {
            if (!s_stats.TryGetValue((input, kilobytes), out InputStats stats))
            {
                stats = default;
                foreach (string text in input switch { Input.Documents => Documents, Input.CorpusPieces => Pieces(kilobytes), _ => [Get(input, kilobytes)] })
                {
                    var layout = new TextLayout(text.Length / 4);
                    layout.Load(text);
                    stats = new InputStats(stats.Chars + text.Length, stats.Tokens + layout.Tokens.Length, stats.Sentences + layout.Sentences.Length, stats.Paragraphs + layout.Paragraphs.Length);
                }
                s_stats[(input, kilobytes)] = stats;
            }
            return stats;
        }
    }

    public static string Describe()
    {
        InputStats corpus = Stats(Input.Corpus);
        InputStats statement = Stats(Input.Statement);
        return $"Corpus: {CorpusName}: {corpus}\nStatement: {statement}";
    }

    private static (string Text, string Name) LoadCorpus()
    {
        string root = RepositoryRoot();
        string cered = Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "cered-en", "train.tsv"));
        if (File.Exists(cered))
        {
            return (Join(ReadCeredSentences(cered)), "CEReD English train.tsv (" + cered + ", read in place, not copied)");
        }
        return (Join(GeneratedSentences(root)), "generated from samples/statements/*.txt and data/corpus/documents/*.json (CEReD not found at " + cered + ")");
    }

    /// <summary>Column 3 (<c>sentence</c>) of a tab-separated file with a header row; split on tabs only.</summary>
    private static List<string> ReadCeredSentences(string path)
    {
        var sentences = new List<string>();
        bool header = true;
        foreach (string line in File.ReadLines(path))
        {
            if (header)
            {
                header = false;
                continue;
            }
            string[] fields = line.Split('\t');
            if (fields.Length > 2 && !string.IsNullOrWhiteSpace(fields[2]))
            {
                sentences.Add(fields[2].Trim());
            }
        }
        return sentences;
    }

    /// <summary>
    /// Our own fallback: every sentence of the sample statements and the annotated documents, repeated in a
    /// deterministic shuffled order until the corpus is about as large as CEReD's (~640,000 characters).
    /// </summary>
    private static List<string> GeneratedSentences(string root)
    {
        var unique = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "samples", "statements"), "*.txt").Order(StringComparer.Ordinal))
        {
            SegmentedText segmented = TextSegmenter.Segment(File.ReadAllText(file));
            foreach (SentenceSegment sentence in segmented.Sentences)
            {
                if (sentence.Kind == BlockKind.Prose)
                {
                    unique.Add(segmented.GetText(sentence).ReplaceLineEndings(" "));
                }
            }
        }
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "data", "corpus", "documents"), "*.json").Order(StringComparer.Ordinal))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            if (!document.RootElement.TryGetProperty("paragraphs", out JsonElement paragraphs))
            {
                continue;
            }
            foreach (JsonElement paragraph in paragraphs.EnumerateArray())
            {
                if (!paragraph.TryGetProperty("sentences", out JsonElement sentences))
                {
                    continue;
                }
                foreach (JsonElement sentence in sentences.EnumerateArray())
                {
                    if (sentence.TryGetProperty("text", out JsonElement text) && text.GetString() is { Length: > 0 } s)
                    {
                        unique.Add(s);
                    }
                }
            }
        }
        if (unique.Count == 0)
        {
            throw new InvalidOperationException("No sentences found to build the fallback corpus.");
        }

        const int targetChars = 640_000;
        var random = new Random(20261128);
        var result = new List<string>();
        int chars = 0;
        while (chars < targetChars)
        {
            string[] round = [.. unique];
            random.Shuffle(round);
            foreach (string s in round)
            {
                if (chars >= targetChars)
                {
                    break;
                }
                result.Add(s);
                chars += s.Length + 1;
            }
        }
        return result;
    }

    private static string Join(List<string> sentences)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < sentences.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(i % SentencesPerParagraph == 0 ? "\n\n" : " ");
            }
            builder.Append(sentences[i]);
        }
        builder.Append('\n');
        return builder.ToString();
    }

    /// <summary>reflective.txt's paragraphs, repeated in order until the statement reaches ~1,000 words.</summary>
    private static string BuildStatement()
    {
        string source = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "statements", "reflective.txt")).ReplaceLineEndings("\n").Trim();
        string[] blocks = source.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var builder = new StringBuilder();
        int words = 0;
        for (int i = 0; words < StatementWords; i = (i + 1) % blocks.Length)
        {
            if (builder.Length > 0)
            {
                builder.Append("\n\n");
            }
            builder.Append(blocks[i]);
            words += blocks[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        }
        builder.Append('\n');
        return builder.ToString();
    }

    private static string RepositoryRoot()
    {
        foreach (string? start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            string? directory = start;
            while (directory is not null)
            {
                if (File.Exists(Path.Combine(directory, "ReflectiveAnalysis.sln")))
                {
                    return directory;
                }
                directory = Path.GetDirectoryName(directory);
            }
        }
        throw new InvalidOperationException("Could not find ReflectiveAnalysis.sln above " + AppContext.BaseDirectory + " or " + Environment.CurrentDirectory);
    }
}

/// <summary>What one input holds.</summary>
public readonly record struct InputStats(int Chars, int Tokens, int Sentences, int Paragraphs)
{
    /// <summary>UTF-16 bytes.</summary>
    public long Bytes => Chars * 2L;

    public override string ToString() =>
        $"{Chars:N0} chars ({Bytes / 1_000_000.0:F2} MB UTF-16), {Tokens:N0} tokens, {Sentences:N0} sentences, {Paragraphs:N0} paragraphs";
}
