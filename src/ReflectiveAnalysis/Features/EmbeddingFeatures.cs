using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// The inputs of the accurate tier's category head, computed the same way by the analyzer and the trainer: the
/// category layer's nine log-probabilities, the sentence's embedding, then the mean embedding of its context (the
/// sentences just before and after it in the same paragraph; zeros when it has none). Also the inputs of the optional
/// criteria head: the criteria layer's three logits and the mean embedding of the paragraph's non-heading sentences.
/// </summary>
internal static class EmbeddingFeatures
{
    /// <summary>Probabilities are floored here before the logarithm, so a probability that underflowed to 0 stays finite.</summary>
    public const float MinProbability = 1e-7f;

    /// <summary>Writes <c>[own ; mean(previous, next)]</c> into <paramref name="destination"/> (2 x dimension floats).</summary>
    /// <param name="own">The sentence's embedding.</param>
    /// <param name="previous">The previous sentence's embedding, or empty when there is none.</param>
    /// <param name="next">The next sentence's embedding, or empty when there is none.</param>
    /// <param name="destination">Receives the values.</param>
    public static void ComposeEmbeddings(ReadOnlySpan<float> own, ReadOnlySpan<float> previous, ReadOnlySpan<float> next, Span<float> destination)
    {
        int d = own.Length;
        own.CopyTo(destination[..d]);
        Span<float> context = destination.Slice(d, d);
        context.Clear();
        int neighbours = (previous.IsEmpty ? 0 : 1) + (next.IsEmpty ? 0 : 1);
        if (neighbours == 0)
        {
            return;
        }
        float share = 1f / neighbours;
        for (int i = 0; i < d; i++)
        {
            float sum = (previous.IsEmpty ? 0f : previous[i]) + (next.IsEmpty ? 0f : next[i]);
            context[i] = sum * share;
        }
    }

    /// <summary>Writes the log of each probability (floored at <see cref="MinProbability"/>).</summary>
    public static void LogProbabilities(ReadOnlySpan<float> probabilities, Span<float> destination)
    {
        for (int i = 0; i < probabilities.Length; i++)
        {
            destination[i] = MathF.Log(MathF.Max(probabilities[i], MinProbability));
        }
    }

    /// <summary>
    /// The head's probabilities: <paramref name="categoryProbabilities"/> (the category layer's) and the sentence's
    /// <paramref name="embeddings"/> (<see cref="ComposeEmbeddings"/>) in, nine probabilities out into
    /// <paramref name="output"/> (which may be the same memory as <paramref name="categoryProbabilities"/>).
    /// </summary>
    public static void EvaluateHead(LinearLayer head, ReadOnlySpan<float> categoryProbabilities, ReadOnlySpan<float> embeddings, Span<float> output)
    {
        int labels = head.OutputCount;
        int categories = ReflectiveTaxonomy.CategoryCount;
        Span<float> logs = stackalloc float[categories];
        LogProbabilities(categoryProbabilities[..categories], logs);
        Span<float> scores = stackalloc float[labels];
        head.Bias.CopyTo(scores);
        ReadOnlySpan<float> weights = head.Weights;
        for (int i = 0; i < categories; i++)
        {
            Add(weights.Slice(i * labels, labels), logs[i], scores);
        }
        for (int i = 0; i < embeddings.Length; i++)
        {
            if (embeddings[i] != 0)
            {
                Add(weights.Slice((categories + i) * labels, labels), embeddings[i], scores);
            }
        }
        head.Activate(scores);
        scores.CopyTo(output);
    }

    /// <summary>Adds one sentence embedding to a running sum (the paragraph mean is built in sentence order by both the analyzer and the trainer).</summary>
    public static void AddEmbedding(ReadOnlySpan<float> embedding, Span<float> sum)
    {
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] += embedding[i];
        }
    }

    /// <summary>Turns a sum of <paramref name="count"/> embeddings into their mean in place (zeros stay zeros when <paramref name="count"/> is 0).</summary>
    public static void ToMean(Span<float> sum, int count)
    {
        if (count <= 1)
        {
            return;
        }
        float share = 1f / count;
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] *= share;
        }
    }

    /// <summary>
    /// Writes the criteria head's inputs: the logit of each of the criteria layer's probabilities (floored at
    /// <see cref="MinProbability"/> on both sides, so a saturated sigmoid stays finite), then the paragraph's mean embedding.
    /// </summary>
    public static void ComposeCriteriaHeadInputs(ReadOnlySpan<float> criteriaProbabilities, ReadOnlySpan<float> meanEmbedding, Span<float> destination)
    {
        int k = ReflectiveTaxonomy.CriterionCount;
        for (int i = 0; i < k; i++)
        {
            float p = Math.Clamp(criteriaProbabilities[i], MinProbability, 1f - MinProbability);
            destination[i] = MathF.Log(p) - MathF.Log(1f - p);
        }
        meanEmbedding.CopyTo(destination.Slice(k, meanEmbedding.Length));
    }

    /// <summary>
    /// The criteria head's probabilities: the criteria layer's <paramref name="criteriaProbabilities"/> and the
    /// paragraph's <paramref name="meanEmbedding"/> in, three probabilities out into <paramref name="output"/> (which may
    /// be the same memory as <paramref name="criteriaProbabilities"/>).
    /// </summary>
    public static void EvaluateCriteriaHead(LinearLayer head, ReadOnlySpan<float> criteriaProbabilities, ReadOnlySpan<float> meanEmbedding, Span<float> output)
    {
        int labels = head.OutputCount;
        Span<float> inputs = head.InputDimension <= 1024 ? stackalloc float[head.InputDimension] : new float[head.InputDimension];
        ComposeCriteriaHeadInputs(criteriaProbabilities[..ReflectiveTaxonomy.CriterionCount], meanEmbedding, inputs);
        Span<float> scores = stackalloc float[labels];
        head.Bias.CopyTo(scores);
        ReadOnlySpan<float> weights = head.Weights;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] != 0)
            {
                Add(weights.Slice(i * labels, labels), inputs[i], scores);
            }
        }
        head.Activate(scores);
        scores.CopyTo(output);
    }

    private static void Add(ReadOnlySpan<float> row, float value, Span<float> scores)
    {
        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] += value * row[c];
        }
    }
}
