using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>
/// The depth calibrator's fit and its comparison with a reference layer, which decides whether the accurate tier
/// refits depth or keeps the fast tier's layer.
/// </summary>
public sealed class DepthCalibratorTests
{
    // The shipped model measures every train document (not cross-fitted: this checks the mechanics, not the quality).
    private static readonly (CorpusDocument, ReflectionModel)[] s_train =
        [.. TestData.CorpusDocuments.Where(d => !d.IsTest).Select(d => (d, ReflectionModel.Default))];

    [Fact]
    public void Fit_ScoresAReferenceLayerOnTheSameStatements_AndAUselessOneLoses()
    {
        var flat = new LinearLayer(ReflectionModel.DepthLayerName, Activation.Identity, ["score"], DepthScorer.SignalCount, [0f], new float[DepthScorer.SignalCount]);

        DepthFit againstFlat = DepthCalibrator.Fit(s_train, encoder: null, reference: flat);
        DepthFit againstShipped = DepthCalibrator.Fit(s_train, encoder: null, reference: ReflectionModel.Default.DepthLayer);

        // A layer that scores everything 0 misses every statement by its gold score: far worse than a cross-validated fit.
        Assert.True(againstFlat.ReferenceRmse > 2 * againstFlat.CrossValidatedRmse, $"flat {againstFlat.ReferenceRmse:F1} vs CV {againstFlat.CrossValidatedRmse:F1}");
        Assert.True(againstShipped.ReferenceRmse < againstFlat.ReferenceRmse, $"shipped {againstShipped.ReferenceRmse:F1} vs flat {againstFlat.ReferenceRmse:F1}");
        // The fit itself does not depend on the reference, and its weights never reward less reflection.
        Assert.Equal(againstFlat.CrossValidatedRmse, againstShipped.CrossValidatedRmse);
        Assert.Equal(againstFlat.Layer.Weights.ToArray(), againstShipped.Layer.Weights.ToArray());
        Assert.All(againstFlat.Layer.Weights.ToArray(), w => Assert.True(w >= 0, $"weight {w}"));
        Assert.InRange(againstFlat.CrossValidatedRmse, 1, 30);
    }

    [Fact]
    public void Fit_WithoutAReference_ReportsNoReferenceError()
    {
        DepthFit fit = DepthCalibrator.Fit(s_train);
        Assert.True(double.IsNaN(fit.ReferenceRmse));
        Assert.Equal(ReflectionModel.DepthLayerName, fit.Layer.Name);
    }
}
