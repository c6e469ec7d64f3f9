using System.Text;
using System.Text.Json;

namespace ReflectiveAnalysis.Training;

/// <summary>A gold sentence of the corpus and where it lies in its document's text.</summary>
/// <param name="Start">Offset of its first character in <see cref="CorpusDocument.Text"/>.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Category">Its gold category.</param>
/// <param name="IndexInParagraph">Its position in its paragraph.</param>
public sealed record CorpusSentence(int Start, int Length, ReflectiveCategory Category, int IndexInParagraph);

/// <summary>A paragraph of the corpus: its span (without the heading), its gold criteria and sentences.</summary>
/// <param name="Start">Offset of the paragraph's first character.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Heading">The heading printed above it, or null.</param>
/// <param name="Criteria">The criteria that apply.</param>
/// <param name="Sentences">Its gold sentences in order.</param>
public sealed record CorpusParagraph(int Start, int Length, string? Heading, IReadOnlySet<Criterion> Criteria, IReadOnlyList<CorpusSentence> Sentences)
{
    /// <summary>Its gold depth level 0-3 (Hatton &amp; Smith).</summary>
    public int Depth { get; init; }
}

/// <summary>A corpus document with its text built as a user would type it.</summary>
/// <param name="Id">The document id, e.g. <c>s001</c>.</param>
/// <param name="Split"><c>train</c> or <c>test</c>.</param>
/// <param name="Text">Headings on their own line, paragraph sentences joined by single spaces, blank lines between paragraphs.</param>
/// <param name="Paragraphs">The paragraphs with spans into <see cref="Text"/>.</param>
public sealed record CorpusDocument(string Id, string Split, string Text, IReadOnlyList<CorpusParagraph> Paragraphs)
{
    /// <summary>Whether the document belongs to the held-out test split.</summary>
    public bool IsTest => Split == "test";

    /// <summary><c>statement</c> (one evaluative statement) or <c>paragraphs</c> (unrelated standalone paragraphs).</summary>
    public string Kind { get; init; } = "statement";

    /// <summary>The statement's gold depth level 0-3, or null for a <c>paragraphs</c> file.</summary>
    public int? DepthLevel { get; init; }

    /// <summary>The statement's gold depth score 0-100, or null for a <c>paragraphs</c> file.</summary>
    public int? DepthScore { get; init; }
}

/// <summary>Reads the project's corpus (<c>data/corpus/documents/*.json</c>, see SCHEMA.md).</summary>
public static class CorpusReader
{
    /// <summary>Reads every document in a folder, ordered by file name.</summary>
    public static IReadOnlyList<CorpusDocument> ReadFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(ReadFile)];
    }

    /// <summary>Reads one document file.</summary>
    /// <exception cref="FormatException">The document does not follow the schema.</exception>
    public static CorpusDocument ReadFile(string path)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = json.RootElement;
        string id = root.GetProperty("id").GetString() ?? throw new FormatException($"{path}: no id.");
        string split = root.GetProperty("split").GetString() ?? "train";
        var text = new StringBuilder();
        var paragraphs = new List<CorpusParagraph>();
        foreach (JsonElement paragraph in root.GetProperty("paragraphs").EnumerateArray())
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            string? heading = paragraph.TryGetProperty("heading", out JsonElement h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            if (!string.IsNullOrWhiteSpace(heading))
            {
                text.Append(heading).Append('\n');
            }
            var criteria = new HashSet<Criterion>();
            if (paragraph.TryGetProperty("criteria", out JsonElement c))
            {
                foreach (JsonElement name in c.EnumerateArray())
                {
                    if (!ReflectiveTaxonomy.TryParseCriterion(name.GetString(), out Criterion criterion))
                    {
                        throw new FormatException($"{path}: unknown criterion '{name.GetString()}'.");
                    }
                    criteria.Add(criterion);
                }
            }
            int start = text.Length;
            var sentences = new List<CorpusSentence>();
            foreach (JsonElement sentence in paragraph.GetProperty("sentences").EnumerateArray())
            {
                if (sentences.Count > 0)
                {
                    text.Append(' ');
                }
                string sentenceText = sentence.GetProperty("text").GetString() ?? "";
                string categoryName = sentence.GetProperty("category").GetString() ?? "";
                if (!ReflectiveTaxonomy.TryParseCategory(categoryName, out ReflectiveCategory category))
                {
                    throw new FormatException($"{path}: unknown category '{categoryName}'.");
                }
                sentences.Add(new CorpusSentence(text.Length, sentenceText.Length, category, sentences.Count));
                text.Append(sentenceText);
            }
            int depth = paragraph.TryGetProperty("depth", out JsonElement d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : 0;
            paragraphs.Add(new CorpusParagraph(start, text.Length - start, heading, criteria, sentences) { Depth = depth });
        }
        string kind = root.TryGetProperty("kind", out JsonElement k) && k.GetString() is { } kindName ? kindName : "statement";
        int? level = null, score = null;
        if (root.TryGetProperty("depth", out JsonElement depthElement) && depthElement.ValueKind == JsonValueKind.Object)
        {
            level = depthElement.GetProperty("level").GetInt32();
            score = depthElement.GetProperty("score").GetInt32();
        }
        return new CorpusDocument(id, split, text.ToString(), paragraphs) { Kind = kind, DepthLevel = level, DepthScore = score };
    }
}
