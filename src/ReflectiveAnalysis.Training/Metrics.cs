using System.Globalization;
using System.Text;

namespace ReflectiveAnalysis.Training;

/// <summary>Precision, recall and F1 of one class.</summary>
/// <param name="Label">The class name.</param>
/// <param name="Precision">Correct predictions of the class / all predictions of it (0 when never predicted).</param>
/// <param name="Recall">Correct predictions of the class / gold examples of it (0 when it never occurs).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Gold examples of the class.</param>
public sealed record ClassScores(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Single-label classification metrics computed from a confusion matrix (rows gold, columns predicted).</summary>
public sealed class ClassificationMetrics
{
    /// <summary>Computes metrics from gold and predicted label indices.</summary>
    public ClassificationMetrics(string scheme, IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        Scheme = scheme;
        Labels = labels;
        int k = labels.Count;
        Confusion = new int[k, k];
        for (int i = 0; i < gold.Count; i++)
        {
            Confusion[gold[i], predicted[i]]++;
        }
        Count = gold.Count;
        int correct = 0;
        var rows = new int[k];
        var columns = new int[k];
        for (int g = 0; g < k; g++)
        {
            correct += Confusion[g, g];
            for (int p = 0; p < k; p++)
            {
                rows[g] += Confusion[g, p];
                columns[p] += Confusion[g, p];
            }
        }
        Accuracy = Count == 0 ? 0 : (double)correct / Count;
        var classes = new List<ClassScores>();
        double f1Sum = 0;
        int present = 0;
        double expected = 0;
        for (int c = 0; c < k; c++)
        {
            double precision = columns[c] == 0 ? 0 : (double)Confusion[c, c] / columns[c];
            double recall = rows[c] == 0 ? 0 : (double)Confusion[c, c] / rows[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassScores(labels[c], precision, recall, f1, rows[c]));
            if (rows[c] > 0 || columns[c] > 0)
            {
                f1Sum += f1;
                present++;
            }
            expected += Count == 0 ? 0 : (double)rows[c] * columns[c] / Count / Count;
        }
        Classes = classes;
        MacroF1 = present == 0 ? 0 : f1Sum / present;
        Kappa = expected >= 1 ? 0 : (Accuracy - expected) / (1 - expected);
    }

    /// <summary>The label scheme, e.g. <c>fine (9)</c>.</summary>
    public string Scheme { get; }

    /// <summary>The labels in index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Counts: <c>[gold, predicted]</c>.</summary>
    public int[,] Confusion { get; }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>Share of examples predicted correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Mean F1 over the classes that occur in gold or predictions.</summary>
    public double MacroF1 { get; }

    /// <summary>Cohen's kappa between gold and predictions.</summary>
    public double Kappa { get; }

    /// <summary>Per-class scores in label order.</summary>
    public IReadOnlyList<ClassScores> Classes { get; }

    /// <summary>The metrics as plain-text tables.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{Scheme}: n={Count} accuracy={Accuracy:P1} macro-F1={MacroF1:F3} kappa={Kappa:F3}\n");
        b.Append(CultureInfo.InvariantCulture, $"  {"class",-13} {"P",6} {"R",6} {"F1",6} {"n",5}\n");
        foreach (ClassScores c in Classes)
        {
            b.Append(CultureInfo.InvariantCulture, $"  {c.Label,-13} {c.Precision,6:F3} {c.Recall,6:F3} {c.F1,6:F3} {c.Support,5}\n");
        }
        b.Append("  confusion (rows gold, columns predicted):\n  ").Append(' ', 13);
        foreach (string label in Labels)
        {
            b.Append(' ').Append(Short(label));
        }
        b.Append('\n');
        for (int g = 0; g < Labels.Count; g++)
        {
            b.Append(CultureInfo.InvariantCulture, $"  {Labels[g],-13}");
            for (int p = 0; p < Labels.Count; p++)
            {
                b.Append(CultureInfo.InvariantCulture, $" {Confusion[g, p],5}");
            }
            b.Append('\n');
        }
        return b.ToString();
    }

    private static string Short(string label) => label.Length > 5 ? label[..5] : label.PadLeft(5);

    /// <inheritdoc />
    public override string ToString() => Format();
}

/// <summary>Precision, recall and F1 of one criterion at a 0.5 threshold.</summary>
/// <param name="Criterion">The criterion.</param>
/// <param name="Precision">Precision.</param>
/// <param name="Recall">Recall.</param>
/// <param name="F1">F1.</param>
/// <param name="Support">Paragraphs where it applies.</param>
public sealed record CriterionScores(Criterion Criterion, double Precision, double Recall, double F1, int Support);

/// <summary>Multi-label metrics of the paragraph criteria.</summary>
public sealed class CriteriaMetrics
{
    /// <summary>Computes the metrics from gold labels and predicted probabilities (threshold 0.5).</summary>
    public CriteriaMetrics(IReadOnlyList<bool[]> gold, IReadOnlyList<float[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(probabilities);
        Count = gold.Count;
        var scores = new List<CriterionScores>();
        for (int k = 0; k < ReflectiveTaxonomy.CriterionCount; k++)
        {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < gold.Count; i++)
            {
                bool predicted = probabilities[i][k] >= 0.5f;
                tp += predicted && gold[i][k] ? 1 : 0;
                fp += predicted && !gold[i][k] ? 1 : 0;
                fn += !predicted && gold[i][k] ? 1 : 0;
            }
            double p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            double r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            scores.Add(new CriterionScores((Criterion)k, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), tp + fn));
        }
        Criteria = scores;
        MacroF1 = scores.Average(s => s.F1);
    }

    /// <summary>Number of paragraphs.</summary>
    public int Count { get; }

    /// <summary>Per-criterion scores.</summary>
    public IReadOnlyList<CriterionScores> Criteria { get; }

    /// <summary>Mean F1 over the three criteria.</summary>
    public double MacroF1 { get; }

    /// <summary>The metrics as a plain-text table.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"criteria (threshold 0.5): paragraphs={Count} macro-F1={MacroF1:F3}\n");
        foreach (CriterionScores s in Criteria)
        {
            b.Append(CultureInfo.InvariantCulture, $"  {ReflectiveTaxonomy.ToName(s.Criterion),-25} P={s.Precision:F3} R={s.Recall:F3} F1={s.F1:F3} n={s.Support}\n");
        }
        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
