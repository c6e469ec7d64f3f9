using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ReflectiveAnalysis.Features;

namespace ReflectiveAnalysis.Models;

/// <summary>How a layer turns scores into outputs.</summary>
internal enum Activation : byte
{
    /// <summary>One probability distribution over the labels (multiclass).</summary>
    Softmax = 0,

    /// <summary>An independent probability per label (multi-label).</summary>
    Sigmoid = 1,

    /// <summary>The raw scores (regression).</summary>
    Identity = 2,
}

/// <summary>
/// A linear layer: <c>scores = bias + Σ value·W[feature]</c> over sparse inputs, then an activation.
/// Weights are stored feature-major (each feature's row of label weights is contiguous), so a sparse input
/// touches one short row per active feature. Immutable and thread-safe.
/// </summary>
internal sealed class LinearLayer
{
    public LinearLayer(string name, Activation activation, ImmutableArray<string> labels, int inputDimension, float[] bias, float[] weights)
    {
        if (labels.Length == 0 || bias.Length != labels.Length || weights.Length != checked(inputDimension * labels.Length))
        {
            throw new ModelFormatException($"Layer '{name}' has {labels.Length} labels, {bias.Length} biases and {weights.Length} weights for {inputDimension} inputs: they do not fit together.");
        }
        Name = name;
        Activation = activation;
        Labels = labels;
        InputDimension = inputDimension;
        Bias = bias;
        Weights = weights;
        RowMeans = ComputeRowMeans(weights, inputDimension, labels.Length);
    }

    /// <summary>
    /// The mean of each feature's weight row, summed in label order and divided as a float: exactly what the
    /// analyzer used to compute per active feature when ranking drivers. Precomputed once (1 MB for 2^18 features)
    /// because that loop was a third of classification time.
    /// </summary>
    public float[] RowMeans { get; }

    private static float[] ComputeRowMeans(float[] weights, int inputs, int labels)
    {
        var means = new float[inputs];
        for (int feature = 0; feature < inputs; feature++)
        {
            ReadOnlySpan<float> row = weights.AsSpan(feature * labels, labels);
            float mean = 0;
            foreach (float w in row)
            {
                mean += w;
            }
            mean /= row.Length;
            means[feature] = mean;
        }
        return means;
    }

    /// <summary>
    /// Adds <c>value·W[index]</c> of every feature, in order, to <paramref name="scores"/> (one per label).
    /// </summary>
    /// <remarks>
    /// Vectorised across labels: each label's sum sees the same multiplications and additions in the same order
    /// as <see cref="AccumulateReference"/> (a separate multiply then add per lane, never a fused multiply-add),
    /// so results are bit-identical; the lanes just run side by side. Why: the scalar loop over 9 labels per
    /// feature was the largest cost after feature extraction.
    /// </remarks>
    public void Accumulate(ReadOnlySpan<Feature> features, Span<float> scores)
    {
        int labels = OutputCount;
        if (labels != scores.Length)
        {
            throw new ArgumentException("One score per label is required.", nameof(scores));
        }
        if (!Vector256.IsHardwareAccelerated || labels < Vector256<float>.Count)
        {
            AccumulateReference(features, scores);
            return;
        }
        float[] weights = Weights;
        int vectorEnd = labels - (labels % Vector256<float>.Count);
        // Lanes beyond the first vector (for up to 16 labels) and scalar leftovers; more labels take the reference path.
        if (vectorEnd > 2 * Vector256<float>.Count)
        {
            AccumulateReference(features, scores);
            return;
        }
        ref float first = ref MemoryMarshal.GetReference(scores);
        Vector256<float> low = Vector256.LoadUnsafe(ref first);
        Vector256<float> high = vectorEnd > Vector256<float>.Count ? Vector256.LoadUnsafe(ref first, (nuint)Vector256<float>.Count) : default;
        Span<float> tail = scores[vectorEnd..];
        foreach (Feature feature in features)
        {
            ReadOnlySpan<float> row = weights.AsSpan(feature.Index * labels, labels);
            Vector256<float> value = Vector256.Create(feature.Value);
            ref float r = ref MemoryMarshal.GetReference(row);
            low += value * Vector256.LoadUnsafe(ref r);
            if (vectorEnd > Vector256<float>.Count)
            {
                high += value * Vector256.LoadUnsafe(ref r, (nuint)Vector256<float>.Count);
            }
            for (int label = vectorEnd; label < labels; label++)
            {
                tail[label - vectorEnd] += feature.Value * row[label];
            }
        }
        low.StoreUnsafe(ref first);
        if (vectorEnd > Vector256<float>.Count)
        {
            high.StoreUnsafe(ref first, (nuint)Vector256<float>.Count);
        }
    }

    /// <summary>The plain loop <see cref="Accumulate"/> must match bit for bit.</summary>
    public void AccumulateReference(ReadOnlySpan<Feature> features, Span<float> scores)
    {
        foreach (Feature feature in features)
        {
            ReadOnlySpan<float> row = Row(feature.Index);
            for (int label = 0; label < row.Length; label++)
            {
                scores[label] += feature.Value * row[label];
            }
        }
    }

    public string Name { get; }

    public Activation Activation { get; }

    public ImmutableArray<string> Labels { get; }

    public int OutputCount => Labels.Length;

    public int InputDimension { get; }

    public float[] Bias { get; }

    /// <summary>Row-major by feature: <c>Weights[feature * OutputCount + label]</c>.</summary>
    public float[] Weights { get; }

    /// <summary>The weight row of one feature.</summary>
    public ReadOnlySpan<float> Row(int feature) => Weights.AsSpan(feature * OutputCount, OutputCount);

    /// <summary>Computes outputs for sparse inputs (indices need not be sorted or unique).</summary>
    public void Evaluate(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> output)
    {
        int labels = OutputCount;
        Span<float> scores = output[..labels];
        Bias.CopyTo(scores);
        for (int i = 0; i < indices.Length; i++)
        {
            int feature = indices[i];
            if ((uint)feature >= (uint)InputDimension)
            {
                continue;
            }
            float value = values[i];
            ReadOnlySpan<float> row = Weights.AsSpan(feature * labels, labels);
            for (int label = 0; label < row.Length; label++)
            {
                scores[label] += value * row[label];
            }
        }
        Activate(scores);
    }

    public void Activate(Span<float> scores)
    {
        switch (Activation)
        {
            case Activation.Softmax:
                Softmax(scores);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = 1f / (1f + MathF.Exp(-scores[i]));
                }
                break;
        }
    }

    public static void Softmax(Span<float> scores)
    {
        float max = float.NegativeInfinity;
        foreach (float score in scores)
        {
            max = MathF.Max(max, score);
        }
        float sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float e = MathF.Exp(scores[i] - max);
            scores[i] = e;
            sum += e;
        }
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] /= sum;
        }
    }
}
