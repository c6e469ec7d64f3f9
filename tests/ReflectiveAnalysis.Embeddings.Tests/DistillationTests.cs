using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>The fast tier's distillation data: which context sentences are used, what the teacher says, how it is weighted.</summary>
public sealed class DistillationTests
{
    private static CeredRecord Record(string id, string context, string sentence) =>
        new(id, context, sentence, ReflectiveCategory.Experience, [4, 4], false);

    [Fact]
    public void UnlabelledSentences_AreTheTrainContextsMinusLabelledValLikeShortAndRepeatedSentences()
    {
        CeredRecord[] train =
        [
            Record("1", "We read poems in the second lesson today. The pupils were restless after the break. Ok then. I think they need more movement between tasks.",
                "The pupils were restless after the break."),
            Record("2", "The pupils were restless after the break. I think they need more movement between tasks. Next time I will start with a game.",
                "Next time I will start with a game."),
        ];
        // A val sentence, reworded in a train context ("We read poems in the second lesson today" shares 7 of 9 words).
        CeredRecord[] val = [Record("v", "", "We read the poems in the second lesson.")];

        List<CeredRecord> unlabelled = TeacherLabels.UnlabelledSentences(ReflectionModel.Default.Lexicon, train, val, out string summary);

        // Kept once each: the sentence the two contexts share; skipped: the labelled ones, the val look-alike, "Ok then."
        Assert.Equal(["I think they need more movement between tasks."], unlabelled.Select(r => r.Sentence));
        Assert.Equal(train[0].Context, unlabelled[0].Context);
        Assert.Contains("1 near a val sentence", summary, StringComparison.Ordinal);
        Assert.Contains("1 too short", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void TeacherProbabilities_AreTheFineTunedHeadsSoftmax_AsTheCoreComputesIt()
    {
        FineTunedMiniLmEncoder teacher = FineTunedMiniLmEncoder.Shared;
        string[] texts = ["I felt anxious before the first session.", "Next year I will share the toolkit with other libraries.", "Why did the users ignore the new signs?"];
        float[][] probabilities = TeacherLabels.Probabilities(teacher, texts, 1);

        // The head with no fast block (weight 0) at temperature 1, evaluated by the core's own head arithmetic.
        LinearLayer head = AccurateTrainer.BlendHead(teacher.Weights, teacher.Dimension, 0f, 1);
        var embeddings = new float[texts.Length * teacher.Dimension];
        teacher.Encode(texts, embeddings);
        for (int i = 0; i < texts.Length; i++)
        {
            var dense = new float[2 * teacher.Dimension];
            EmbeddingFeatures.ComposeEmbeddings(embeddings.AsSpan(i * teacher.Dimension, teacher.Dimension), [], [], dense);
            var core = new float[ReflectiveTaxonomy.CategoryCount];
            EmbeddingFeatures.EvaluateHead(head, [.. Enumerable.Repeat(1f / 9, 9)], dense, core);
            Assert.InRange(probabilities[i].Sum(), 0.9999f, 1.0001f);
            for (int c = 0; c < core.Length; c++)
            {
                Assert.True(Math.Abs(core[c] - probabilities[i][c]) < 1e-5, $"{texts[i]} class {c}: {probabilities[i][c]} vs core {core[c]}");
            }
        }
        Assert.Equal(ReflectiveCategory.Intention, (ReflectiveCategory)Array.IndexOf(probabilities[1], probabilities[1].Max()));

        // A higher temperature flattens the same ranking.
        float[][] soft = TeacherLabels.Probabilities(teacher, texts, 2);
        Assert.True(soft[1].Max() < probabilities[1].Max());
        Assert.Equal(Array.IndexOf(probabilities[1], probabilities[1].Max()), Array.IndexOf(soft[1], soft[1].Max()));
    }

    [Fact]
    public void SoftExamples_SpreadTheTeacherWeightOverTheCategoriesItFindsLikely()
    {
        var sentence = new SparseExample([3, 7], [0.6f, 0.8f], 0, 1f, false, "ctx0");
        var empty = new SparseExample([], [], 0, 1f, false, "ctx1");
        float[] p = [0.6f, 0.3f, 0.095f, 0.005f, 0, 0, 0, 0, 0];

        List<SparseExample> soft = TeacherLabels.SoftExamples([sentence, empty], [p, p], 0.3f);

        // Three categories at or above 1 %; the 0.5 % one is dropped and the rest renormalised; the featureless sentence adds nothing.
        Assert.Equal([0, 1, 2], soft.Select(e => e.Label));
        Assert.Equal(0.3, soft.Sum(e => (double)e.Weight), 5);
        Assert.Equal(0.3 * 0.6 / 0.995, soft[0].Weight, 5);
        Assert.All(soft, e => Assert.Same(sentence.Indices, e.Indices));
    }
}
