using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>A tiny model trained in seconds, written, reloaded and used by the analyzer.</summary>
public sealed class TinyModelTests
{
    [Fact]
    public void TinyModelRoundTripsThroughTheFileFormatAndDrivesTheAnalyzer()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.ramodel");
        try
        {
            TrainingResult result = ModelTrainer.Train(new TrainingOptions
            {
                RepositoryRoot = TestData.Root,
                CeredPath = TestData.Cered,
                OutputPath = path,
                HashBits = 16,
                MaxCeredTrain = 400,
                Version = "tiny",
            });
            Assert.True(File.Exists(path));
            ReflectionModel model = ReflectionModel.Load(path);
            Assert.Equal("reflective-fast", model.Name);
            Assert.Equal("tiny", model.Version);
            Assert.NotNull(model.CategoryLayer);
            Assert.NotNull(model.CriteriaLayer);
            Assert.True(result.CeredValidation.Fine.Accuracy > 0.3);

            var analyzer = new ReflectionAnalyzer(new ReflectionAnalyzerOptions { Model = model });
            ReflectionReport report = analyzer.Analyze("Reader development\n\nI ran the reading group every week. I was nervous at first. Next year I will ask members to choose the books.");
            Assert.Equal("tiny", report.Model.Version);
            Assert.Equal(4, report.Sentences.Length); // the heading, then three sentences
            Assert.Equal(ReflectiveCategory.Other, report.Sentences[0].Category);
            foreach (SentenceReport sentence in report.Sentences)
            {
                double sum = Enum.GetValues<ReflectiveCategory>().Sum(c => sentence.Probabilities[c]);
                Assert.InRange(sum, 0.99, 1.01);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.TeacherWeight))]
    [InlineData(nameof(TrainingOptions.CorpusWeight))]
    [InlineData(nameof(TrainingOptions.L2))]
    [InlineData(nameof(TrainingOptions.HashBits))]
    public void Train_RefusesAnOutOfRangeSetting_BeforeReadingAnyData(string setting)
    {
        var options = new TrainingOptions { RepositoryRoot = TestData.Root, CeredPath = "/nonexistent/cered", OutputPath = "/nonexistent/out.ramodel" };
        switch (setting)
        {
            case nameof(TrainingOptions.TeacherWeight): options.TeacherWeight = -0.3f; break;
            case nameof(TrainingOptions.CorpusWeight): options.CorpusWeight = float.NaN; break;
            case nameof(TrainingOptions.L2): options.L2 = -1; break;
            default: options.HashBits = 24; break;
        }
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => ModelTrainer.Train(options));
        Assert.Equal(setting, e.ParamName);
    }

    [Fact]
    public void AnalyzerAndTrainingFeaturisationAgreeOnCorpusSentences()
    {
        ReflectionModel model = ReflectionModel.Default;
        Assert.NotNull(model.CategoryLayer);
        var analyzer = new ReflectionAnalyzer(new ReflectionAnalyzerOptions { Model = model });
        foreach (CorpusDocument document in TestData.CorpusDocuments.Where(d => d.IsTest).Take(4))
        {
            ReflectionReport report = analyzer.Analyze(document.Text);
            var featurizer = new ExampleFeaturizer(model.Extractor);
            List<SparseExample> examples = featurizer.CorpusSentences([document], 1f);
            var bySpan = report.Sentences.ToDictionary(s => (s.Start, s.Length));
            int i = 0;
            foreach (CorpusParagraph paragraph in document.Paragraphs)
            {
                foreach (CorpusSentence sentence in paragraph.Sentences)
                {
                    SparseExample example = examples[i++];
                    if (!bySpan.TryGetValue((sentence.Start, sentence.Length), out SentenceReport? fromAnalyzer))
                    {
                        continue; // the core split it differently: the trainer used a gold view
                    }
                    float[] p = ModelEvaluator.PredictCategory(model, example);
                    foreach (ReflectiveCategory c in Enum.GetValues<ReflectiveCategory>())
                    {
                        Assert.True(Math.Abs(p[(int)c] - fromAnalyzer.Probabilities[c]) <= 1e-4, $"{example.Source} {c}: {p[(int)c]} vs {fromAnalyzer.Probabilities[c]}");
                    }
                }
            }
        }
    }
}
