using Microsoft.ML;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>The core computes exactly what ML.NET computes for the same trained model and features.</summary>
public sealed class EquivalenceTests
{
    [Fact]
    public void CoreCategoryProbabilitiesEqualMlNetOnEveryValidationSentence()
    {
        const int Bits = 16;
        CueLexicon lexicon = CueLexicon.Parse(ReflectionModel.ReadEmbeddedLexicon());
        var h = new CategoryHyperParameters(Bits, 0.1f, 1f, 0.25, 1f, true);
        List<CorpusDocument> corpusTrain = [.. TestData.CorpusDocuments.Where(d => !d.IsTest).Take(10)];
        ModelTrainer.Featurised data = ModelTrainer.Featurise(lexicon, h, [.. TestData.CeredTrain.Take(1500)], TestData.CeredVal, corpusTrain);
        var ml = new MLContext(1);
        LinearLayer layer = ModelTrainer.TrainCategoryLayer(ml, data, h, out var trained);
        ReflectionModel model = ModelTrainer.Build(lexicon, Bits, "test", "", [layer]);

        var engine = ml.Model.CreatePredictionEngine<MlNetLayers.CategoryRow, MlNetLayers.CategoryPrediction>(trained, inputSchemaDefinition: MlNetLayers.CategorySchema(1 << Bits));
        Assert.Equal(TestData.CeredVal.Count, data.Val.Count);
        int compared = 0;
        foreach (SparseExample example in data.Val.Where(e => !e.IsHeading))
        {
            float[] core = ModelEvaluator.PredictCategory(model, example);
            float[] mlnet = engine.Predict(MlNetLayers.ToRow(example, 1 << Bits)).Score;
            Assert.Equal(ReflectiveTaxonomy.CategoryCount, mlnet.Length);
            for (int c = 0; c < core.Length; c++)
            {
                Assert.True(Math.Abs(core[c] - mlnet[c]) <= 1e-4, $"{example.Source} class {c}: core {core[c]} vs ML.NET {mlnet[c]}");
            }
            compared++;
        }
        Assert.True(compared > 300);
    }

    [Fact]
    public void ExportedCriteriaLayerEqualsMlNetCalibratedProbability()
    {
        const int Bits = 16;
        CueLexicon lexicon = CueLexicon.Parse(ReflectionModel.ReadEmbeddedLexicon());
        var featurizer = new ExampleFeaturizer(new Features.FeatureExtractor(lexicon, Bits));
        List<SparseExample> paragraphs = featurizer.CorpusParagraphs(TestData.CorpusDocuments.Where(d => !d.IsTest));
        var ml = new MLContext(1);
        (LinearLayer layer, List<ITransformer> models) = MlNetLayers.TrainCriteria(ml, paragraphs, 1 << Bits, 0.1f, 0.3f);
        ReflectionModel model = ModelTrainer.Build(lexicon, Bits, "test", "", [layer]);
        List<SparseExample> test = featurizer.CorpusParagraphs(TestData.CorpusDocuments.Where(d => d.IsTest));
        for (int k = 0; k < ReflectiveTaxonomy.CriterionCount; k++)
        {
            var engine = ml.Model.CreatePredictionEngine<MlNetLayers.BinaryRow, MlNetLayers.BinaryPrediction>(models[k], inputSchemaDefinition: MlNetLayers.BinarySchema(1 << Bits));
            foreach (SparseExample p in test)
            {
                float core = ModelEvaluator.PredictCriteria(model, p)[k];
                float mlnet = engine.Predict(new MlNetLayers.BinaryRow { Features = new Microsoft.ML.Data.VBuffer<float>(1 << Bits, p.Indices.Length, p.Values, p.Indices) }).Probability;
                Assert.True(Math.Abs(core - mlnet) <= 1e-4, $"{p.Source} criterion {k}: core {core} vs ML.NET {mlnet}");
            }
        }
    }
}
