using System.Globalization;

namespace ReflectiveAnalysis.Training;

/// <summary>One labelled sentence of CEReD (English).</summary>
/// <param name="Id">The dataset's sentence id.</param>
/// <param name="Context">The surrounding diary text, as stored (quotes kept).</param>
/// <param name="Sentence">The sentence to classify.</param>
/// <param name="Category">The category the annotators agreed on.</param>
/// <param name="Confidence">The annotators' typicality ratings (1 = atypical … 7 = typical); empty when missing.</param>
/// <param name="RequiresContext">Whether the annotators needed the context to decide.</param>
public sealed record CeredRecord(string Id, string Context, string Sentence, ReflectiveCategory Category, IReadOnlyList<int> Confidence, bool RequiresContext)
{
    /// <summary>The mean typicality rating, or 4 (the middle of the scale) when there is none.</summary>
    public double MeanConfidence => Confidence.Count == 0 ? 4 : Confidence.Average();
}

/// <summary>Reads CEReD's tab-separated files (header row; split on tabs only; fields may contain quotes).</summary>
public static class CeredReader
{
    /// <summary>Reads one split, e.g. <c>train.tsv</c>.</summary>
    /// <exception cref="FormatException">A row is malformed or names an unknown category.</exception>
    public static IReadOnlyList<CeredRecord> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var records = new List<CeredRecord>();
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine() ?? throw new FormatException($"{path} is empty.");
        string[] columns = header.Split('\t');
        int idx = Column(columns, "idx", path), context = Column(columns, "context", path), sentence = Column(columns, "sentence", path);
        int y = Column(columns, "y", path), confidence = Column(columns, "confidence", path);
        int requires = Array.IndexOf(columns, "y_requires_context");
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            string[] fields = line.Split('\t');
            if (fields.Length < 5)
            {
                throw new FormatException($"{path}:{lineNumber}: expected at least 5 tab-separated fields, found {fields.Length}.");
            }
            if (!ReflectiveTaxonomy.TryParseCategory(fields[y], out ReflectiveCategory category))
            {
                throw new FormatException($"{path}:{lineNumber}: unknown category '{fields[y]}'.");
            }
            records.Add(new CeredRecord(fields[idx], fields[context], fields[sentence], category, ParseConfidence(fields[confidence]),
                requires >= 0 && requires < fields.Length && fields[requires].Trim().Length > 0));
        }
        return records;
    }

    /// <summary>Reads <c>train.tsv</c> or <c>val.tsv</c> from a CEReD folder.</summary>
    public static IReadOnlyList<CeredRecord> ReadSplit(string folder, string split) => Read(Path.Combine(folder, split + ".tsv"));

    private static int Column(string[] columns, string name, string path)
    {
        int index = Array.IndexOf(columns, name);
        return index >= 0 ? index : throw new FormatException($"{path} has no '{name}' column.");
    }

    private static int[] ParseConfidence(string field)
    {
        var values = new List<int>();
        foreach (string part in field.Trim().Trim('[', ']', '"').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                values.Add(value);
            }
        }
        return [.. values];
    }
}
