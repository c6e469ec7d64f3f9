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

/// <summary>A two-sided 95 % percentile-bootstrap interval of a metric.</summary>
/// <param name="Lower">The 2.5th percentile of the metric over the resamples.</param>
/// <param name="Upper">The 97.5th percentile.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper);

/// <summary>Single-label classification metrics computed from a confusion matrix (rows gold, columns predicted).</summary>
/// <remarks>
/// Accuracy and macro-F1 come with 95 % percentile-bootstrap intervals: <see cref="Resamples"/> resamples, with
/// replacement, of the examples (stratified by gold class), or of whole groups of examples when groups are given (for
/// example the documents a corpus's sentences come from, whose sentences are not independent of each other). The
/// generator is seeded, so the intervals are the same on every run.
/// </remarks>
public sealed class ClassificationMetrics
{
    /// <summary>How many bootstrap resamples the intervals are computed from.</summary>
    public const int Resamples = 2000;

    private const int Seed = 20211129;

    /// <summary>Computes metrics from gold and predicted label indices.</summary>
    /// <param name="scheme">The label scheme's name, e.g. <c>fine (9 categories)</c>.</param>
    /// <param name="labels">The labels in index order.</param>
    /// <param name="gold">The gold label index of each example.</param>
    /// <param name="predicted">The predicted label index of each example.</param>
    /// <param name="groups">
    /// Optional: a group id per example (for example its document). The bootstrap then resamples whole groups, which
    /// gives honest intervals when the examples of a group are correlated. Null: every example is its own group.
    /// </param>
    /// <exception cref="ArgumentException">The lists differ in length, or a label index is outside <paramref name="labels"/>.</exception>
    public ClassificationMetrics(string scheme, IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted, IReadOnlyList<string>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (predicted.Count != gold.Count || (groups is not null && groups.Count != gold.Count))
        {
            throw new ArgumentException($"{gold.Count} gold labels, {predicted.Count} predictions and {groups?.Count ?? gold.Count} groups: one of each per example is needed.", nameof(predicted));
        }
        Scheme = scheme;
        Labels = labels;
        int k = labels.Count;
        for (int i = 0; i < gold.Count; i++)
        {
            if ((uint)gold[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
            {
                throw new ArgumentException($"Example {i} has gold label {gold[i]} and prediction {predicted[i]}; the scheme has {k} labels.", nameof(gold));
            }
        }
        Confusion = new int[k, k];
        for (int i = 0; i < gold.Count; i++)
        {
            Confusion[gold[i], predicted[i]]++;
        }
        Count = gold.Count;
        (Accuracy, MacroF1, Kappa, Classes) = Score(Confusion, labels);
        (AccuracyInterval, MacroF1Interval, ResampledGroups) = Bootstrap(k, gold, predicted, groups);
        ResampledByGroup = groups is not null;
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

    /// <summary>The 95 % bootstrap interval of <see cref="Accuracy"/>.</summary>
    public ConfidenceInterval AccuracyInterval { get; }

    /// <summary>The 95 % bootstrap interval of <see cref="MacroF1"/>.</summary>
    public ConfidenceInterval MacroF1Interval { get; }

    /// <summary>How many units the bootstrap drew per resample: the examples, or their groups when groups were given.</summary>
    public int ResampledGroups { get; }

    /// <summary>Whether the bootstrap drew whole groups (true) or examples stratified by gold class (false).</summary>
    public bool ResampledByGroup { get; }

    /// <summary>Per-class scores in label order.</summary>
    public IReadOnlyList<ClassScores> Classes { get; }

    /// <summary>The metrics as plain-text tables.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{Scheme}: n={Count} accuracy={Accuracy:P1} (95% CI {AccuracyInterval.Lower:P1}-{AccuracyInterval.Upper:P1}) ");
        b.Append(CultureInfo.InvariantCulture, $"macro-F1={MacroF1:F3} (95% CI {MacroF1Interval.Lower:F3}-{MacroF1Interval.Upper:F3}) kappa={Kappa:F3}\n");
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

    /// <summary>Accuracy, macro-F1 (over the classes that occur in gold or predictions), Cohen's kappa and per-class scores of a confusion matrix.</summary>
    private static (double Accuracy, double MacroF1, double Kappa, List<ClassScores> Classes) Score(int[,] confusion, IReadOnlyList<string>? labels)
    {
        int k = confusion.GetLength(0);
        int count = 0, correct = 0;
        Span<int> rows = k <= 64 ? stackalloc int[k] : new int[k];
        Span<int> columns = k <= 64 ? stackalloc int[k] : new int[k];
        rows.Clear();
        columns.Clear();
        for (int g = 0; g < k; g++)
        {
            correct += confusion[g, g];
            for (int p = 0; p < k; p++)
            {
                rows[g] += confusion[g, p];
                columns[p] += confusion[g, p];
                count += confusion[g, p];
            }
        }
        double accuracy = count == 0 ? 0 : (double)correct / count;
        var classes = new List<ClassScores>(labels is null ? 0 : k);
        double f1Sum = 0;
        int present = 0;
        double expected = 0;
        for (int c = 0; c < k; c++)
        {
            double precision = columns[c] == 0 ? 0 : (double)confusion[c, c] / columns[c];
            double recall = rows[c] == 0 ? 0 : (double)confusion[c, c] / rows[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (labels is not null)
            {
                classes.Add(new ClassScores(labels[c], precision, recall, f1, rows[c]));
            }
            if (rows[c] > 0 || columns[c] > 0)
            {
                f1Sum += f1;
                present++;
            }
            expected += count == 0 ? 0 : (double)rows[c] * columns[c] / count / count;
        }
        double macroF1 = present == 0 ? 0 : f1Sum / present;
        double kappa = expected >= 1 ? 0 : (accuracy - expected) / (1 - expected);
        return (accuracy, macroF1, kappa, classes);
    }

    /// <summary>
    /// Percentile-bootstrap intervals of accuracy and macro-F1. Without groups the resampling is stratified by gold
    /// class: each resample draws, with replacement, as many examples of each class as the sample has, so a rare class
    /// is never missing from a resample (an unstratified resample that misses a rare, always-wrong class would drop its
    /// F1 of 0 from the macro average and report a jump that is not uncertainty about the model). With groups, whole
    /// groups are drawn, as many as there are; macro-F1 then averages over the classes each resample holds.
    /// </summary>
    private static (ConfidenceInterval Accuracy, ConfidenceInterval MacroF1, int Units) Bootstrap(int k, IReadOnlyList<int> gold, IReadOnlyList<int> predicted, IReadOnlyList<string>? groups)
    {
        if (gold.Count == 0)
        {
            return (default, default, 0);
        }
        // The pools to draw from: one per gold class (each unit one example), or one pool of groups.
        var pools = new List<List<List<int>>>();
        if (groups is null)
        {
            for (int c = 0; c < k; c++)
            {
                pools.Add([]);
            }
            for (int i = 0; i < gold.Count; i++)
            {
                pools[gold[i]].Add([i]);
            }
        }
        else
        {
            var units = new List<List<int>>();
            var byGroup = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < gold.Count; i++)
            {
                if (!byGroup.TryGetValue(groups[i], out int u))
                {
                    u = units.Count;
                    byGroup.Add(groups[i], u);
                    units.Add([]);
                }
                units[u].Add(i);
            }
            pools.Add(units);
        }
        var random = new Random(Seed);
        var accuracies = new double[Resamples];
        var macroF1s = new double[Resamples];
        var confusion = new int[k, k];
        for (int r = 0; r < Resamples; r++)
        {
            Array.Clear(confusion);
            foreach (List<List<int>> pool in pools)
            {
                for (int draw = 0; draw < pool.Count; draw++)
                {
                    foreach (int i in pool[random.Next(pool.Count)])
                    {
                        confusion[gold[i], predicted[i]]++;
                    }
                }
            }
            (accuracies[r], macroF1s[r], _, _) = Score(confusion, null);
        }
        return (Percentiles(accuracies), Percentiles(macroF1s), groups is null ? gold.Count : pools[0].Count);
    }

    private static ConfidenceInterval Percentiles(double[] values)
    {
        Array.Sort(values);
        int lower = (int)Math.Floor(0.025 * values.Length);
        int upper = (int)Math.Ceiling(0.975 * values.Length) - 1;
        return new ConfidenceInterval(values[lower], values[upper]);
    }

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
