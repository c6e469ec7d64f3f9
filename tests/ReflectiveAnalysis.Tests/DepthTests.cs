using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReflectiveAnalysis.Analysis;

namespace ReflectiveAnalysis.Tests;

public sealed class DepthTests
{
    private static readonly ReflectiveCategory[] s_descriptive = [ReflectiveCategory.Experience, ReflectiveCategory.Feeling, ReflectiveCategory.Other];
    private static readonly ReflectiveCategory[] s_deeper = [ReflectiveCategory.Reflection, ReflectiveCategory.Belief, ReflectiveCategory.Perspective, ReflectiveCategory.Difficulty, ReflectiveCategory.Learning, ReflectiveCategory.Intention];
    private static readonly string[] s_cues = ["causal", "theory", "self-question", "contrast", "feeling", "organisational"];

    private static SentenceReport Sentence(int index, ReflectiveCategory category, string[] cues, int[] noise)
    {
        // A probability vector whose most probable category is the sentence's: random mass everywhere, plus a lead.
        double[] mass = [.. noise.Select(n => (double)n)];
        mass[(int)category] += 25;
        double total = mass.Sum();
        CategoryProbabilities p = Probabilities([.. mass.Select(m => m / total)]);
        return new()
        {
            Index = index,
            Start = index * 10,
            Length = 5,
            Text = "text.",
            Category = category,
            Mode = ReflectiveTaxonomy.ModeOf(category),
            Confidence = p[category],
            Probabilities = p,
            Cues = [.. cues.Select(c => new CueReport(index * 10, 1, c, "x"))],
        };
    }

    private static CategoryProbabilities Probabilities(double[] p) => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);

    /// <summary>The sentence rewritten as <paramref name="category"/>: all its descriptive probability moves to that category.</summary>
    private static SentenceReport Rewrite(SentenceReport sentence, ReflectiveCategory category)
    {
        double[] p = [.. Enum.GetValues<ReflectiveCategory>().Select(c => sentence.Probabilities[c])];
        foreach (ReflectiveCategory descriptive in s_descriptive)
        {
            p[(int)category] += p[(int)descriptive];
            p[(int)descriptive] = 0;
        }
        return sentence with { Category = category, Mode = ReflectiveTaxonomy.ModeOf(category), Confidence = p[(int)category], Probabilities = Probabilities(p) };
    }

    public sealed record SentenceSet(ImmutableArray<SentenceReport> Sentences, int Rewritten, ReflectiveCategory NewCategory, double Wider, int Criteria);

    public static class Generators
    {
        public static Arbitrary<SentenceSet> Sets()
        {
            Gen<ReflectiveCategory> category = Gen.Elements(Enum.GetValues<ReflectiveCategory>());
            Gen<string[]> cues = Gen.SubListOf(s_cues).Select(l => l.ToArray());
            Gen<int[]> noise = Gen.ArrayOf(Gen.Choose(0, 10), ReflectiveTaxonomy.CategoryCount);
            Gen<(ReflectiveCategory, string[], int[])> sentence = category.SelectMany(c => cues.SelectMany(q => noise.Select(n => (c, q, n))));
            return Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(sentence, n))
                .SelectMany(items => Gen.Choose(0, items.Length - 1).SelectMany(r => Gen.Elements(s_deeper).SelectMany(d =>
                    Gen.Choose(0, 100).SelectMany(w => Gen.Choose(0, 3).Select(k =>
                    {
                        // Make the rewritten sentence descriptive, so the rewrite goes from description to analysis or evaluation.
                        (ReflectiveCategory c, string[] q, int[] n)[] fixedItems = [.. items];
                        fixedItems[r] = (s_descriptive[r % s_descriptive.Length], fixedItems[r].q, fixedItems[r].n);
                        return new SentenceSet([.. fixedItems.Select((x, i) => Sentence(i, x.c, x.q, x.n))], r, d, w / 100.0, k);
                    })))))
                .ToArbitrary();
        }
    }

    [Property(Arbitrary = [typeof(Generators)], MaxTest = 500)]
    public bool Score_RewritingADescriptiveSentenceAsAnalyticalOrEvaluative_NeverLowersIt(SentenceSet set)
    {
        SentenceReport original = set.Sentences[set.Rewritten];
        SentenceReport rewritten = Rewrite(original, set.NewCategory);
        ImmutableArray<SentenceReport> after = set.Sentences.SetItem(set.Rewritten, rewritten);
        int before = DepthScorer.Score(DepthScorer.Measure(set.Sentences, set.Wider, set.Criteria, null), ReflectionModel.Default.DepthLayer);
        int later = DepthScorer.Score(DepthScorer.Measure(after, set.Wider, set.Criteria, null), ReflectionModel.Default.DepthLayer);
        return later >= before;
    }

    [Property(Arbitrary = [typeof(Generators)], MaxTest = 300)]
    public bool Score_AnySentences_IsInRangeAndDeterministic(SentenceSet set)
    {
        int a = DepthScorer.Score(DepthScorer.Measure(set.Sentences, set.Wider, set.Criteria, null), ReflectionModel.Default.DepthLayer);
        int b = DepthScorer.Score(DepthScorer.Measure([.. set.Sentences], set.Wider, set.Criteria, null), ReflectionModel.Default.DepthLayer);
        return a == b && a is >= 0 and <= 100;
    }

    [Fact]
    public void Weights_AreNonNegative_SoMoreReflectionNeverCostsPoints()
    {
        LinearLayer_WeightsNonNegative(ReflectionModel.Default);
    }

    private static void LinearLayer_WeightsNonNegative(ReflectionModel model)
    {
        if (model.DepthLayer is { } layer)
        {
            Assert.All(layer.Weights, w => Assert.True(w >= 0, $"depth weight {w} is negative"));
        }
        else
        {
            Assert.All(DepthScorer.DefaultWeights.ToArray(), w => Assert.True(w >= 0));
        }
    }

    [Fact]
    public void Analyze_ShuffledParagraphs_GiveTheSameDepthScore()
    {
        // Depth signals are shares, presences and coverage, so paragraph order does not matter. (Headings are left out:
        // a heading assigns the paragraphs that follow it, which is order-sensitive by design.)
        string[] paragraphs =
        [
            "I ran six induction sessions for new nursing students in September. Each lasted an hour.",
            "Looking back, I think attendance was low because we advertised only on the intranet. From the students' point of view, an email was easy to miss.",
            "I have learned that asking users first saves time later. Next year I will survey new students before planning the sessions.",
            "At the regional health libraries network I compared induction practice with colleagues from three other trusts.",
        ];
        var analyzer = ReflectionAnalyzer.CreateDefault();
        int baseline = analyzer.Analyze(string.Join("\n\n", paragraphs)).Depth.Score;
        var random = new Random(3);
        for (int i = 0; i < 10; i++)
        {
            string[] shuffled = [.. paragraphs.OrderBy(_ => random.Next())];
            Assert.Equal(baseline, analyzer.Analyze(string.Join("\n\n", shuffled)).Depth.Score);
        }
    }

    [Fact]
    public void Analyze_Paragraphs_EachGetADepthInRange()
    {
        ReflectionReport report = ReflectionAnalyzer.CreateDefault().Analyze(File.ReadAllText(TestPaths.InRepository("samples", "statements", "reflective.txt")));
        Assert.All(report.Paragraphs, p => Assert.Equal(DepthAssessment.LevelFor(p.Depth.Score), p.Depth.Level));
        Assert.Contains(report.Paragraphs, p => p.Depth.Level >= 2);
        Assert.Equal(3, report.CriteriaCoverage.Length);
    }
}
