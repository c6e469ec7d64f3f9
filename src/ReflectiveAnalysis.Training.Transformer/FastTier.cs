using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>The fast tier's (embedded reflective-fast model's) category probabilities for CEReD records, as `reflect evaluate` computes them.</summary>
internal static class FastTier
{
    public static float[][] Probabilities(IEnumerable<CeredRecord> records)
    {
        return [.. ModelEvaluator.CeredProbabilities(ReflectionModel.Default, records)];
    }

    /// <summary>Best w (on the given set: this tunes on it) for argmax(fine-tuned log p + w · fast log p), over 0, 0.05, …, 2.</summary>
    public static (double W, double Accuracy, double MacroF1, double AccuracyAtZero) BestBlend(IReadOnlyList<PieceExample> set, float[][] tuned, float[][] fast)
    {
        (double W, double Accuracy, double MacroF1, double Zero) best = (0, -1, 0, 0);
        for (int k = 0; k <= 40; k++)
        {
            double w = k * 0.05;
            var blended = tuned.Select((t, i) => t.Select((v, c) => (float)(v + w * Math.Log(Math.Max(fast[i][c], 1e-7f)))).ToArray()).ToArray();
            var m = FineTuner.Score(set, blended);
            if (k == 0)
            {
                best.Zero = m.Accuracy;
            }
            if (m.Accuracy > best.Accuracy + 1e-12)
            {
                best = (w, m.Accuracy, m.MacroF1, best.Zero);
            }
        }
        return (best.W, best.Accuracy, best.MacroF1, best.Zero);
    }
}
