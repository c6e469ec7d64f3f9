using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>
/// Quality floors for the model embedded in the package: the values measured when it was trained
/// (docs/model-card.md) minus a small margin, so a worse model, a feature change that silently breaks the
/// shipped weights, or a featurisation drift fails here.
/// </summary>
public sealed class ShippedModelQualityTests
{
    // Measured for the shipped fast.ramodel (see docs/model-card.md).
    private const double MeasuredCeredValAccuracy = 0.705;
    private const double MeasuredCorpusCriteriaMacroF1 = 0.840;

    [Fact]
    public void ShippedModelIsTheTrainedOne()
    {
        ReflectionModel model = ReflectionModel.Default;
        Assert.Equal("reflective-fast", model.Name);
        Assert.NotNull(model.CategoryLayer);
        Assert.NotNull(model.CriteriaLayer);
    }

    [Fact]
    public void ShippedModelKeepsItsCeredValidationAccuracy()
    {
        EvaluationReport report = ModelEvaluator.Evaluate(ReflectionModel.Default, TestData.Cered);
        Assert.Equal(339, report.Fine.Count);
        Assert.True(report.Fine.Accuracy >= MeasuredCeredValAccuracy - 0.02, $"CEReD val accuracy {report.Fine.Accuracy:P1}; floor {MeasuredCeredValAccuracy - 0.02:P1}\n{report.Format()}");
    }

    [Fact]
    public void ShippedModelKeepsItsCorpusTestCriteriaF1()
    {
        EvaluationReport report = ModelEvaluator.Evaluate(ReflectionModel.Default, TestData.Corpus);
        Assert.NotNull(report.Criteria);
        Assert.True(report.Criteria.MacroF1 >= MeasuredCorpusCriteriaMacroF1 - 0.05, $"criteria macro-F1 {report.Criteria.MacroF1:F3}; floor {MeasuredCorpusCriteriaMacroF1 - 0.05:F3}\n{report.Format()}");
    }
}
