using ReflectiveAnalysis.Training;
using Xunit;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>The classification metrics and their bootstrap intervals.</summary>
public sealed class MetricsTests
{
    private static readonly string[] s_labels = ["a", "b", "c"];

    [Fact]
    public void Perfect_predictions_have_a_point_interval_at_one()
    {
        int[] gold = [0, 1, 2, 0, 1, 2, 2, 1];
        var metrics = new ClassificationMetrics("t", s_labels, gold, gold);
        Assert.Equal(1.0, metrics.Accuracy);
        Assert.Equal(new ConfidenceInterval(1, 1), metrics.AccuracyInterval);
        Assert.Equal(new ConfidenceInterval(1, 1), metrics.MacroF1Interval);
    }

    [Fact]
    public void Intervals_are_the_same_on_every_run_and_hold_the_estimate()
    {
        (int[] gold, int[] predicted) = Outcomes(339, 0.71, seed: 7);
        var first = new ClassificationMetrics("t", s_labels, gold, predicted);
        var second = new ClassificationMetrics("t", s_labels, gold, predicted);
        Assert.Equal(first.AccuracyInterval, second.AccuracyInterval);
        Assert.Equal(first.MacroF1Interval, second.MacroF1Interval);
        Assert.InRange(first.Accuracy, first.AccuracyInterval.Lower, first.AccuracyInterval.Upper);
        Assert.InRange(first.MacroF1, first.MacroF1Interval.Lower, first.MacroF1Interval.Upper);
    }

    [Theory]
    [InlineData(339)]
    [InlineData(3390)]
    public void Accuracy_interval_is_as_wide_as_the_binomial_one(int n)
    {
        (int[] gold, int[] predicted) = Outcomes(n, 0.71, seed: 11);
        var metrics = new ClassificationMetrics("t", s_labels, gold, predicted);
        double p = metrics.Accuracy;
        double normalWidth = 2 * 1.96 * Math.Sqrt(p * (1 - p) / n);
        double width = metrics.AccuracyInterval.Upper - metrics.AccuracyInterval.Lower;
        Assert.InRange(width, 0.8 * normalWidth, 1.2 * normalWidth);
    }

    [Fact]
    public void Resampling_correlated_groups_gives_a_wider_interval_than_resampling_their_examples()
    {
        // 40 documents of 10 sentences; a document's sentences are all right or all wrong.
        var gold = new List<int>();
        var predicted = new List<int>();
        var documents = new List<string>();
        var random = new Random(3);
        for (int d = 0; d < 40; d++)
        {
            bool right = random.NextDouble() < 0.7;
            for (int s = 0; s < 10; s++)
            {
                int label = random.Next(3);
                gold.Add(label);
                predicted.Add(right ? label : (label + 1) % 3);
                documents.Add($"doc{d}");
            }
        }
        var bySentence = new ClassificationMetrics("t", s_labels, gold, predicted);
        var byDocument = new ClassificationMetrics("t", s_labels, gold, predicted, documents);
        Assert.Equal(400, bySentence.ResampledGroups);
        Assert.False(bySentence.ResampledByGroup);
        Assert.Equal(40, byDocument.ResampledGroups);
        Assert.True(byDocument.ResampledByGroup);
        Assert.Equal(bySentence.Accuracy, byDocument.Accuracy);
        double sentenceWidth = bySentence.AccuracyInterval.Upper - bySentence.AccuracyInterval.Lower;
        double documentWidth = byDocument.AccuracyInterval.Upper - byDocument.AccuracyInterval.Lower;
        Assert.True(documentWidth > 2 * sentenceWidth, $"documents {documentWidth:F3}, sentences {sentenceWidth:F3}");
    }

    [Fact]
    public void A_rare_class_is_in_every_resample()
    {
        // 200 examples of two classes, all right, and one example of a third class, always wrong: macro-F1 is 2/3.
        // Resampling is stratified by gold class, so no resample misses the rare example and the interval stays at
        // 2/3 (unstratified, about 37 % of resamples would miss it and report 1).
        var gold = new List<int>();
        var predicted = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            gold.Add(i % 2);
            predicted.Add(i % 2);
        }
        gold.Add(2);
        predicted.Add(0);
        var metrics = new ClassificationMetrics("t", s_labels, gold, predicted);
        Assert.InRange(metrics.MacroF1, 0.66, 0.667);
        Assert.True(metrics.MacroF1Interval.Upper < 0.67, $"upper {metrics.MacroF1Interval.Upper:F3}");
    }

    [Fact]
    public void Mismatched_or_out_of_range_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ClassificationMetrics("t", s_labels, [0, 1], [0]));
        Assert.Throws<ArgumentException>(() => new ClassificationMetrics("t", s_labels, [0, 1], [0, 1], ["x"]));
        Assert.Throws<ArgumentException>(() => new ClassificationMetrics("t", s_labels, [0, 3], [0, 1]));
    }

    [Fact]
    public void No_examples_give_zero_metrics_and_an_empty_interval()
    {
        var metrics = new ClassificationMetrics("t", s_labels, [], []);
        Assert.Equal(0, metrics.Count);
        Assert.Equal(default, metrics.AccuracyInterval);
        Assert.Contains("n=0", metrics.Format(), StringComparison.Ordinal);
    }

    /// <summary>Random gold labels, each predicted correctly with probability <paramref name="accuracy"/>.</summary>
    private static (int[] Gold, int[] Predicted) Outcomes(int n, double accuracy, int seed)
    {
        var random = new Random(seed);
        var gold = new int[n];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            gold[i] = random.Next(3);
            predicted[i] = random.NextDouble() < accuracy ? gold[i] : (gold[i] + 1 + random.Next(2)) % 3;
        }
        return (gold, predicted);
    }
}
