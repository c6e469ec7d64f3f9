using System.Text;

namespace ReflectiveAnalysis.Training;

/// <summary>
/// Sentence embeddings by exact text, kept in a file outside git (e.g. <c>artifacts/embedding-cache/</c>) so a rerun of
/// training or evaluation does not encode the same sentences again. One file per encoder name; entries are appended.
/// </summary>
internal sealed class EmbeddingCache
{
    private readonly ISentenceEncoder _encoder;
    private readonly string? _path;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public EmbeddingCache(ISentenceEncoder encoder, string? folder)
    {
        _encoder = encoder;
        if (folder is not null)
        {
            var name = new StringBuilder();
            foreach (char c in encoder.Name)
            {
                name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
            }
            _path = Path.Combine(folder, $"{name}-{encoder.Dimension}.bin");
            Load();
        }
    }

    public int Count => _vectors.Count;

    /// <summary>The encoder's embedding dimension.</summary>
    public int Dimension => _encoder.Dimension;

    /// <summary>The embeddings of <paramref name="texts"/>, encoding (in batches) those not cached yet and saving them.</summary>
    public IReadOnlyDictionary<string, float[]> Get(IEnumerable<string> texts, Action<string>? log = null)
    {
        List<string> missing = [.. texts.Distinct(StringComparer.Ordinal).Where(t => !_vectors.ContainsKey(t))];
        if (missing.Count > 0)
        {
            log?.Invoke($"embeddings: encoding {missing.Count} sentences ({_vectors.Count} cached)");
            const int Chunk = 256;
            int d = _encoder.Dimension;
            for (int first = 0; first < missing.Count; first += Chunk)
            {
                List<string> chunk = missing.GetRange(first, Math.Min(Chunk, missing.Count - first));
                var flat = new float[chunk.Count * d];
                _encoder.Encode(chunk, flat);
                for (int i = 0; i < chunk.Count; i++)
                {
                    _vectors[chunk[i]] = flat.AsSpan(i * d, d).ToArray();
                }
                Append(chunk); // saved as it goes: an interrupted run keeps what it encoded
            }
        }
        return _vectors;
    }

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }
        long valid, length;
        using (var reader = new BinaryReader(File.OpenRead(_path), Encoding.UTF8))
        {
            length = reader.BaseStream.Length;
            valid = ReadEntries(reader);
        }
        if (valid < length)
        {
            // A run interrupted while appending left a partial last entry: drop it (it is encoded again).
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write);
            file.SetLength(valid);
        }
    }

    private long ReadEntries(BinaryReader reader)
    {
        int d = _encoder.Dimension;
        long valid = 0;
        try
        {
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                string text = reader.ReadString();
                var vector = new float[d];
                for (int i = 0; i < d; i++)
                {
                    vector[i] = reader.ReadSingle();
                }
                _vectors[text] = vector;
                valid = reader.BaseStream.Position;
            }
        }
        catch (EndOfStreamException)
        {
        }
        return valid;
    }

    private void Append(List<string> texts)
    {
        if (_path is null)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using var writer = new BinaryWriter(new FileStream(_path, FileMode.Append, FileAccess.Write), Encoding.UTF8);
        foreach (string text in texts)
        {
            writer.Write(text);
            foreach (float v in _vectors[text])
            {
                writer.Write(v);
            }
        }
    }
}

/// <summary>Attaches the accurate tier's dense inputs (sentence and context embeddings) to featurised examples.</summary>
internal static class DenseInputs
{
    public static List<SparseExample> Attach(IReadOnlyList<SparseExample> examples, EmbeddingCache cache, Action<string>? log = null)
    {
        IEnumerable<string> texts = examples.SelectMany(e => new[] { e.Texts.Sentence, e.Texts.Previous, e.Texts.Next }).OfType<string>();
        IReadOnlyDictionary<string, float[]> vectors = cache.Get(texts, log);
        var result = new List<SparseExample>(examples.Count);
        foreach (SparseExample e in examples)
        {
            float[] own = vectors[e.Texts.Sentence];
            var dense = new float[ReflectionModel.EmbeddingInputs * own.Length];
            Features.EmbeddingFeatures.ComposeEmbeddings(own,
                e.Texts.Previous is null ? default : vectors[e.Texts.Previous],
                e.Texts.Next is null ? default : vectors[e.Texts.Next], dense);
            result.Add(e with { Dense = dense });
        }
        return result;
    }
}
