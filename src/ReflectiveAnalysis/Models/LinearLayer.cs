using System.Collections.Immutable;

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
