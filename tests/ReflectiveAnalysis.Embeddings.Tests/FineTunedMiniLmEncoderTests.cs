using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>
/// The fine-tuned encoder: its weights are written over the package's graph exactly where they belong (or the load
/// fails with a reason), its sentences are cut and pooled as in training, and it is deterministic and thread-safe.
/// </summary>
public sealed class FineTunedMiniLmEncoderTests
{
    private static readonly string[] s_sentences =
    [
        "I catalogued the new donations in the archive.",
        "Looking back, I realise I should have asked the readers what they needed before redesigning the enquiry desk.",
        "Next year I will run the induction sessions myself.",
        "It was frustrating.",
    ];

    private static readonly Lazy<byte[]> s_graph = new(MiniLmGraph.LoadBytes);

    /// <summary>Weights that put the base graph's own values (rounded to half precision) back for the named initializers, with a zero head.</summary>
    private static FineTunedWeights BaseWeights(params string[] names)
    {
        byte[] graph = s_graph.Value;
        var initializers = OnnxModelReader.Read(graph).Initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var tensors = names.Select(n =>
        {
            OnnxInitializer init = initializers[n];
            var values = new Half[init.RawLength / sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (Half)BinaryPrimitives.ReadSingleLittleEndian(graph.AsSpan(init.RawOffset + (i * sizeof(float))));
            }
            return new EncoderTensor(n, init.Dims, values);
        }).ToList();
        return FineTunedWeightsTests.Small(tensors, SHA256.HashData(graph), graph.LongLength);
    }

    [Fact]
    public void BaseValuesPatchedBack_GiveThePackageEncodersDirections()
    {
        // The package's encoder L2-normalises the same mean pooling; with the base graph's own LayerNorm weights written
        // back (rounded to half precision), only the length and rounding may differ.
        using var encoder = new FineTunedMiniLmEncoder(BaseWeights("embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"), 1);
        var ours = new float[s_sentences.Length * encoder.Dimension];
        encoder.Encode(s_sentences, ours);
        var theirs = new float[ours.Length];
        MiniLmSentenceEncoder.Shared.Encode(s_sentences, theirs);
        for (int s = 0; s < s_sentences.Length; s++)
        {
            Span<float> row = ours.AsSpan(s * encoder.Dimension, encoder.Dimension);
            double norm = Math.Sqrt(row.ToArray().Sum(x => (double)x * x));
            for (int d = 0; d < encoder.Dimension; d++)
            {
                Assert.True(Math.Abs((row[d] / norm) - theirs[(s * encoder.Dimension) + d]) < 2e-3, $"sentence {s} dimension {d}");
            }
        }
    }

    [Fact]
    public void PatchedTensors_ReachTheGraph()
    {
        FineTunedWeights weights = BaseWeights("embeddings.LayerNorm.bias");
        var shifted = weights.Tensors[0] with { Values = [.. weights.Tensors[0].Values.Select(v => (Half)((float)v + 0.5f))] };
        using var baseline = new FineTunedMiniLmEncoder(weights, 1);
        using var changed = new FineTunedMiniLmEncoder(FineTunedWeightsTests.Small([shifted], weights.BaseGraphSha256, weights.BaseGraphLength), 1);
        float[] a = new float[baseline.Dimension], b = new float[baseline.Dimension];
        baseline.Encode([s_sentences[0]], a);
        changed.Encode([s_sentences[0]], b);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 0.05, "a shifted LayerNorm bias did not change the embedding");
    }

    [Fact]
    public void WeightsForAnotherGraphOrShape_AreRefusedWithAReason()
    {
        byte[] graph = s_graph.Value;
        FineTunedWeights good = BaseWeights("embeddings.LayerNorm.bias");
        var otherGraph = FineTunedWeightsTests.Small(good.Tensors, SHA256.HashData("another graph"u8), graph.LongLength);
        Assert.Contains("different", Assert.Throws<ModelFormatException>(() => FineTunedMiniLmEncoder.Patch((byte[])graph.Clone(), otherGraph)).Message, StringComparison.Ordinal);
        var unknown = FineTunedWeightsTests.Small([good.Tensors[0] with { Name = "no-such-initializer" }], good.BaseGraphSha256, good.BaseGraphLength);
        Assert.Contains("no-such-initializer", Assert.Throws<ModelFormatException>(() => FineTunedMiniLmEncoder.Patch((byte[])graph.Clone(), unknown)).Message, StringComparison.Ordinal);
        var reshaped = FineTunedWeightsTests.Small([good.Tensors[0] with { Dims = [2, 192] }], good.BaseGraphSha256, good.BaseGraphLength);
        Assert.Throws<ModelFormatException>(() => FineTunedMiniLmEncoder.Patch((byte[])graph.Clone(), reshaped));
    }

    [Fact]
    public void ShippedEncoder_IsNamedByItsWeights_AndIsDeterministicAndIndependentOfTheBatch()
    {
        FineTunedMiniLmEncoder encoder = FineTunedMiniLmEncoder.Shared;
        Assert.Matches(@"^reflective-minilm-l6 \d+\.\d+\.\d+ \(sha256 [0-9a-f]{12}\)$", encoder.Name);
        Assert.Equal(384, encoder.Dimension);
        var first = new float[s_sentences.Length * encoder.Dimension];
        var second = new float[first.Length];
        encoder.Encode(s_sentences, first);
        encoder.Encode(s_sentences, second);
        Assert.Equal(first, second);
        var alone = new float[encoder.Dimension];
        encoder.Encode([s_sentences[1]], alone);
        for (int i = 0; i < encoder.Dimension; i++)
        {
            Assert.True(Math.Abs(alone[i] - first[encoder.Dimension + i]) < 1e-4, $"dimension {i}: {alone[i]} alone vs {first[encoder.Dimension + i]} in the batch");
        }
    }

    [Fact]
    public void ShippedEncoder_FromManyThreads_GivesTheSameVectors()
    {
        FineTunedMiniLmEncoder encoder = FineTunedMiniLmEncoder.Shared;
        var expected = new float[s_sentences.Length * encoder.Dimension];
        encoder.Encode(s_sentences, expected);
        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            results[i] = new float[expected.Length];
            encoder.Encode(s_sentences, results[i]);
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void ShippedEncoder_CutsLongTextAndReadsBlankText()
    {
        FineTunedMiniLmEncoder encoder = FineTunedMiniLmEncoder.Shared;
        string[] texts = [string.Join(' ', Enumerable.Repeat("bibliographic", 2000)), "", "   ", "é" + new string('x', 3000), "\uD800 broken surrogate"];
        Assert.Equal(encoder.Weights.MaxWordPieces, encoder.WordPieces(texts[0]).Length);
        Assert.Equal(encoder.WordPieces("."), encoder.WordPieces(texts[2]));
        var vectors = new float[texts.Length * encoder.Dimension];
        encoder.Encode(texts, vectors);
        Assert.All(vectors, v => Assert.True(float.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => encoder.Encode(texts, new float[10]));
        Assert.Throws<ArgumentException>(() => encoder.Encode([null!], new float[encoder.Dimension]));
    }
}
