using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>Hyper-parameters of the category model.</summary>
internal sealed record CategoryHyperParameters(int HashBits, float L1, float L2, double ClassWeightExponent, float CorpusWeight, bool ConfidenceWeighting, float TeacherWeight = 0)
{
    public override string ToString() =>
        FormattableString.Invariant($"hashBits={HashBits} L1={L1} L2={L2} classWeightExponent={ClassWeightExponent} corpusWeight={CorpusWeight} confidenceWeighting={ConfidenceWeighting} teacherWeight={TeacherWeight}");
}

/// <summary>Trains ML.NET linear models on the core's sparse features and exports them as core <see cref="LinearLayer"/>s.</summary>
internal static class MlNetLayers
{
    /// <summary>An ML.NET input row: the core's sparse vector, a key label (see ToRow) and an example weight.</summary>
    internal sealed class CategoryRow
    {
        public VBuffer<float> Features;
        public uint Label;
        public float Weight;
    }

    internal sealed class BinaryRow
    {
        public VBuffer<float> Features;
        public bool Label;
        public float Weight;
    }

    internal sealed class CategoryPrediction
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }

    internal sealed class BinaryPrediction
    {
        [ColumnName("Probability")]
        public float Probability { get; set; }

        [ColumnName("Score")]
        public float Score { get; set; }
    }

    public static SchemaDefinition CategorySchema(int dimension)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(CategoryRow));
        schema[nameof(CategoryRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[nameof(CategoryRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), ReflectiveTaxonomy.CategoryCount);
        return schema;
    }

    public static SchemaDefinition BinarySchema(int dimension)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(BinaryRow));
        schema[nameof(BinaryRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }

    public static CategoryRow ToRow(SparseExample e, int dimension) =>
        new() { Features = new VBuffer<float>(dimension, e.Indices.Length, e.Values, e.Indices), Label = (uint)e.Label, Weight = e.Weight };

    /// <summary>Trains the multiclass maximum-entropy model (single thread, fixed seed: deterministic).</summary>
    public static MulticlassPredictionTransformer<MaximumEntropyModelParameters> TrainCategories(MLContext ml, IReadOnlyList<SparseExample> examples, int dimension, float l1, float l2)
    {
        IDataView data = ml.Data.LoadFromEnumerable(examples.Select(e => ToRow(e, dimension)), CategorySchema(dimension));
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(CategoryRow.Label),
            FeatureColumnName = nameof(CategoryRow.Features),
            ExampleWeightColumnName = nameof(CategoryRow.Weight),
            L1Regularization = l1,
            L2Regularization = l2,
            OptimizationTolerance = 1e-7f,
            MaximumNumberOfIterations = 1000,
            HistorySize = 20,
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }

    /// <summary>Exports the multiclass model as a feature-major softmax layer.</summary>
    public static LinearLayer ExportCategories(MaximumEntropyModelParameters model, int dimension, double temperature = 1)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out int classes);
        if (classes != ReflectiveTaxonomy.CategoryCount)
        {
            throw new InvalidOperationException($"The trained model has {classes} classes; expected {ReflectiveTaxonomy.CategoryCount}.");
        }
        float[] biases = [.. model.GetBiases()];
        float scale = (float)(1 / temperature);
        var w = new float[dimension * classes];
        var b = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            b[c] = biases[c] * scale;
            foreach (var pair in weights[c].Items())
            {
                w[(pair.Key * classes) + c] = pair.Value * scale;
            }
        }
        return new LinearLayer(ReflectionModel.CategoryLayerName, Activation.Softmax,
            [.. Enum.GetValues<ReflectiveCategory>().Select(ReflectiveTaxonomy.ToName)], dimension, b, w);
    }

    /// <summary>Trains one logistic regression per criterion and exports them as one sigmoid layer, with the Platt calibration folded in.</summary>
    public static (LinearLayer Layer, List<ITransformer> Models) TrainCriteria(MLContext ml, IReadOnlyList<SparseExample> paragraphs, int dimension, float l1, float l2)
    {
        const int K = ReflectiveTaxonomy.CriterionCount;
        var w = new float[dimension * K];
        var b = new float[K];
        var models = new List<ITransformer>();
        for (int k = 0; k < K; k++)
        {
            IDataView data = ml.Data.LoadFromEnumerable(paragraphs.Select(p => new BinaryRow
            {
                Features = new VBuffer<float>(dimension, p.Indices.Length, p.Values, p.Indices),
                Label = p.Criteria[k],
                Weight = 1f,
            }), BinarySchema(dimension));
            var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(BinaryRow.Label),
                FeatureColumnName = nameof(BinaryRow.Features),
                ExampleWeightColumnName = nameof(BinaryRow.Weight),
                L1Regularization = l1,
                L2Regularization = l2,
                OptimizationTolerance = 1e-7f,
                MaximumNumberOfIterations = 1000,
                NumberOfThreads = 1,
            });
            var model = trainer.Fit(data);
            models.Add(model);
            LinearBinaryModelParameters linear = model.Model.SubModel;
            PlattCalibrator calibrator = model.Model.Calibrator;
            // Whatever ML.NET's sign convention, the calibrated probability is sigmoid(a·score + c): read a and c off it.
            double c0 = Logit(calibrator.PredictProbability(0f));
            double a = Logit(calibrator.PredictProbability(1f)) - c0;
            b[k] = (float)((a * linear.Bias) + c0);
            IReadOnlyList<float> weights = linear.Weights;
            for (int f = 0; f < weights.Count; f++)
            {
                w[(f * K) + k] = (float)(a * weights[f]);
            }
        }
        var layer = new LinearLayer(ReflectionModel.CriteriaLayerName, Activation.Sigmoid,
            [.. Enum.GetValues<Criterion>().Select(ReflectiveTaxonomy.ToName)], dimension, b, w);
        return (layer, models);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
