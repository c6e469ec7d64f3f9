using System.Text.Json;
using ReflectiveAnalysis.Training;
using Xunit;

namespace ReflectiveAnalysis.Training.Tests;

public sealed class AnnotatorAgreementTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ra-agreement-" + Guid.NewGuid().ToString("N"));

    public AnnotatorAgreementTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_labelling_agrees_perfectly_with_itself()
    {
        CorpusDocument document = Write("a", "s001", 2, 60, ["experience", "reflection", "learning"], ["personal"], 2);

        AnnotatorAgreement agreement = AnnotatorAgreement.Compare([document], [document]);

        Assert.Equal(1.0, agreement.Fine.Accuracy);
        Assert.Equal(1.0, agreement.Fine.Kappa, 9);
        Assert.Equal(1.0, agreement.StatementDepth.ExactAgreement);
        Assert.All(agreement.Criteria, c => Assert.Equal(1.0, c.Agreement));
    }

    [Fact]
    public void Kappa_matches_a_hand_computed_case()
    {
        // Four sentences: first says E E R R, second says E R R R. Observed 3/4; expected
        // p(E)=2/4·1/4 + p(R)=2/4·3/4 = 1/8 + 3/8 = 1/2; kappa = (0.75 - 0.5) / 0.5 = 0.5.
        CorpusDocument first = Write("a", "s002", 1, 40, ["experience", "experience", "reflection", "reflection"], ["personal"], 1);
        CorpusDocument second = Write("b", "s002", 2, 55, ["experience", "reflection", "reflection", "reflection"], ["personal", "wider"], 2);

        AnnotatorAgreement agreement = AnnotatorAgreement.Compare([first], [second]);

        Assert.Equal(0.75, agreement.Fine.Accuracy, 9);
        Assert.Equal(0.5, agreement.Fine.Kappa, 9);
        Assert.Equal(0.75, agreement.Binary.Accuracy, 9);
        Assert.Equal(0.0, agreement.StatementDepth.ExactAgreement);
        Assert.Equal(1.0, agreement.StatementDepth.WithinOne);
        CriterionAgreement wider = agreement.Criteria[(int)Criterion.WiderProfessionalContext];
        Assert.Equal((0.0, 0, 1), (wider.Agreement, wider.FirstCount, wider.SecondCount));
        Assert.Contains("kappa=0.500", agreement.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_texts_are_refused_by_name()
    {
        CorpusDocument first = Write("a", "s003", 1, 40, ["experience", "reflection"], [], 1);
        CorpusDocument second = Write("b", "s003", 1, 40, ["experience"], [], 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => AnnotatorAgreement.Compare([first], [second]));
        Assert.Contains("s003", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_missing_from_the_first_labelling_is_refused()
    {
        CorpusDocument first = Write("a", "s004", 1, 40, ["experience"], [], 1);
        CorpusDocument second = Write("b", "s009", 1, 40, ["experience"], [], 1);

        Assert.Throws<ArgumentException>(() => AnnotatorAgreement.Compare([first], [second]));
    }

    [Fact]
    public void The_committed_second_labelling_is_of_the_corpus_texts_and_covers_its_test_statements()
    {
        string secondPass = Path.Combine(TestData.Root, "data", "corpus", "agreement", "second-pass");
        IReadOnlyList<CorpusDocument> second = CorpusReader.ReadFolder(secondPass);

        AnnotatorAgreement agreement = AnnotatorAgreement.Compare(TestData.CorpusDocuments, second);

        Assert.True(agreement.StatementDepth.Count >= 12, $"only {agreement.StatementDepth.Count} statements were labelled twice");
        Assert.True(agreement.Fine.Count >= 400, $"only {agreement.Fine.Count} sentences were labelled twice");
        // Far above chance: a labelling that drifted from the guide (or a file shuffled by mistake) fails here.
        Assert.True(agreement.Fine.Kappa > 0.6, agreement.Format());
    }

    private CorpusDocument Write(string annotator, string id, int level, int score, string[] categories, string[] criteria, int paragraphDepth)
    {
        string[] texts = ["I ran the induction sessions.", "They went badly.", "I think the timing was wrong.", "Next year I will move them.", "Users said so."];
        var document = new
        {
            id,
            kind = "statement",
            split = "train",
            sector = "public",
            level = "chartership",
            route = "chartership",
            style = "test",
            depth = new { level, score },
            paragraphs = new[]
            {
                new
                {
                    heading = (string?)null,
                    criteria,
                    depth = paragraphDepth,
                    sentences = categories.Select((c, i) => new { text = texts[i], category = c }).ToArray(),
                },
            },
        };
        string folder = Path.Combine(_folder, annotator);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, id + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(document));
        return CorpusReader.ReadFile(path);
    }
}
