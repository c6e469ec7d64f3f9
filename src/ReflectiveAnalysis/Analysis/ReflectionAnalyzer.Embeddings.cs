using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis;

// The accurate tier's part of sentence classification: one encoder call per text, then the category head over the
// category layer's probabilities and the embeddings, and (when the model has it) the criteria head over the criteria
// layer's logits and each paragraph's mean sentence embedding. Kept apart from the fast path, which models without a head take unchanged.
public sealed partial class ReflectionAnalyzer
{
    private readonly ISentenceEncoder? _encoder;

    /// <summary>The encoder the model needs, checked against the model; null when the model reads no embeddings.</summary>
    private static ISentenceEncoder? CheckEncoder(ReflectionModel model, ISentenceEncoder? encoder)
    {
        if (model.CategoryHead is null)
        {
            return null;
        }
        if (encoder is null)
        {
            throw new ArgumentException($"Model '{model.Name}' reads sentence embeddings from '{model.SentenceEncoderName}': set {nameof(ReflectionAnalyzerOptions)}.{nameof(ReflectionAnalyzerOptions.SentenceEncoder)} to that encoder (the ReflectiveAnalysis.Embeddings package provides it).", "options");
        }
        if (encoder.Name != model.SentenceEncoderName || encoder.Dimension != model.SentenceEncoderDimension)
        {
            throw new ArgumentException($"Model '{model.Name}' was trained with sentence encoder '{model.SentenceEncoderName}' ({model.SentenceEncoderDimension} dimensions); the options give '{encoder.Name}' ({encoder.Dimension}).", "options");
        }
        return encoder;
    }

    /// <summary>
    /// Encodes every non-heading sentence of the loaded text in one call and returns each sentence's embedding inputs
    /// (<see cref="EmbeddingFeatures.ComposeEmbeddings"/>), <c>2 x dimension</c> floats per layout sentence.
    /// </summary>
    private float[] EncodeSentences(string text, AnalysisScratch scratch)
    {
        ISentenceEncoder encoder = _encoder!;
        ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
        int d = encoder.Dimension;
        var rows = new int[sentences.Length];
        var batch = new List<string>(sentences.Length);
        for (int s = 0; s < sentences.Length; s++)
        {
            rows[s] = sentences[s].Kind == BlockKind.Heading ? -1 : batch.Count;
            if (rows[s] >= 0)
            {
                batch.Add(text.Substring(sentences[s].Start, sentences[s].Length));
            }
        }
        var own = new float[batch.Count * d];
        if (batch.Count > 0)
        {
            encoder.Encode(batch, own);
        }
        int width = ReflectionModel.EmbeddingInputs * d;
        var inputs = new float[sentences.Length * width];
        for (int s = 0; s < sentences.Length; s++)
        {
            if (rows[s] < 0)
            {
                continue;
            }
            int previous = s > 0 && sentences[s - 1].Paragraph == sentences[s].Paragraph ? rows[s - 1] : -1;
            int next = s + 1 < sentences.Length && sentences[s + 1].Paragraph == sentences[s].Paragraph ? rows[s + 1] : -1;
            EmbeddingFeatures.ComposeEmbeddings(own.AsSpan(rows[s] * d, d),
                previous < 0 ? default : own.AsSpan(previous * d, d),
                next < 0 ? default : own.AsSpan(next * d, d),
                inputs.AsSpan(s * width, width));
        }
        return inputs;
    }

    /// <summary>Category probabilities: the category layer's from the sentence's sparse features, then the head's over those and the embeddings.</summary>
    private void EvaluateWithEmbeddings(LinearLayer layer, AnalysisScratch scratch, float[] embeddings, int s, Span<float> output)
    {
        EvaluateFeatures(layer, scratch, output);
        int width = ReflectionModel.EmbeddingInputs * _encoder!.Dimension;
        EmbeddingFeatures.EvaluateHead(_model.CategoryHead!, output, embeddings.AsSpan(s * width, width), output);
    }

    /// <summary>
    /// The criteria head (when the model has one): replaces paragraph <paramref name="p"/>'s criteria probabilities with
    /// the head's over them and the mean of the paragraph's sentence embeddings, taken from the sentences' embedding
    /// inputs already computed for the category head (no second encoder call).
    /// </summary>
    private void ApplyCriteriaHead(AnalysisScratch scratch, float[] embeddings, int p, Span<float> criteria)
    {
        int d = _encoder!.Dimension;
        int width = ReflectionModel.EmbeddingInputs * d;
        ParagraphSegment paragraph = scratch.Layout.Paragraphs[p];
        ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
        var mean = new float[d];
        int count = 0;
        for (int s = paragraph.FirstSentence; s < paragraph.FirstSentence + paragraph.SentenceCount; s++)
        {
            if (sentences[s].Kind != BlockKind.Heading)
            {
                EmbeddingFeatures.AddEmbedding(embeddings.AsSpan(s * width, d), mean);
                count++;
            }
        }
        EmbeddingFeatures.ToMean(mean, count);
        EmbeddingFeatures.EvaluateCriteriaHead(_model.CriteriaHead!, criteria, mean, criteria);
    }
}
