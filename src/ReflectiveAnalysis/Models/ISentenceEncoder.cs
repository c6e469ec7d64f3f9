namespace ReflectiveAnalysis;

/// <summary>
/// Turns sentences into dense vectors (sentence embeddings). The plug-in point of the accurate tier: a model whose
/// category head also reads embeddings (see <see cref="ReflectionModel.SentenceEncoderName"/>) needs the encoder it
/// was trained with, given through <see cref="ReflectionAnalyzerOptions.SentenceEncoder"/>. The core ships no encoder;
/// the <c>ReflectiveAnalysis.Embeddings</c> package provides MiniLM-L6.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe (one analyzer serves many threads) and deterministic: the same sentence gives
/// the same vector (up to floating-point rounding) whatever else is in the batch. The analyzer calls <see cref="Encode"/> once per text, with all its
/// sentences.
/// </remarks>
public interface ISentenceEncoder
{
    /// <summary>Identifies the encoder and its weights, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>; a model names the encoder it was trained with.</summary>
    string Name { get; }

    /// <summary>Length of one embedding.</summary>
    int Dimension { get; }

    /// <summary>Encodes a batch of sentences.</summary>
    /// <param name="sentences">The sentences (none null).</param>
    /// <param name="embeddings">Receives <see cref="Dimension"/> floats per sentence, row after row, in input order; its length is <c>sentences.Count * Dimension</c>.</param>
    void Encode(IReadOnlyList<string> sentences, Span<float> embeddings);
}
