using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>Where the data is, where the model goes, and the hyper-parameters (defaults: the values chosen on CEReD val).</summary>
public sealed class TrainingOptions
{
    /// <summary>The CEReD English folder (train.tsv, val.tsv). Default: <c>../shared/datasets/cered-en</c> relative to the repository root.</summary>
    public string? CeredPath { get; set; }

    /// <summary>The corpus documents folder. Default: <c>data/corpus/documents</c> under the repository root.</summary>
    public string? CorpusPath { get; set; }

    /// <summary>Where to write the model. Default: <c>src/ReflectiveAnalysis/Resources/fast.ramodel</c> under the repository root.</summary>
    public string? OutputPath { get; set; }

    /// <summary>The repository root (found by walking up from the working directory to ReflectiveAnalysis.sln when null).</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Feature hash size as a power of two (16-18).</summary>
    public int HashBits { get; set; } = 18;

    /// <summary>L1 regularisation of the category model.</summary>
    public float L1 { get; set; } = 0.01f;

    /// <summary>L2 regularisation of the category model.</summary>
    public float L2 { get; set; } = 0.1f;

    /// <summary>Class-imbalance weight: each class's examples weigh (N / (K·n_class))^exponent. 0 turns it off.</summary>
    public double ClassWeightExponent { get; set; }

    /// <summary>Weight of a corpus training sentence relative to a CEReD one.</summary>
    public float CorpusWeight { get; set; } = 0.3f;

    /// <summary>Whether CEReD examples weigh their annotators' mean typicality / 4.</summary>
    public bool ConfidenceWeighting { get; set; } = true;

    /// <summary>
    /// Distillation: the total weight of each unlabelled CEReD train context sentence, spread over the categories by the
    /// teacher's probabilities (<see cref="Teacher"/>). 0 turns distillation off.
    /// </summary>
    public float TeacherWeight { get; set; } = 0.3f;

    /// <summary>The teacher for <see cref="TeacherWeight"/>: a fine-tuned encoder and its category head. Null: <see cref="FineTunedMiniLmEncoder.Shared"/> (the accurate tier's).</summary>
    public FineTunedMiniLmEncoder? Teacher { get; set; }

    /// <summary>L1 regularisation of the criteria models.</summary>
    public float CriteriaL1 { get; set; }

    /// <summary>L2 regularisation of the criteria models.</summary>
    public float CriteriaL2 { get; set; } = 0.003f;

    /// <summary>Search a grid of category hyper-parameters on CEReD val (slow) instead of using the values above.</summary>
    public bool Tune { get; set; }

    /// <summary>Choose the criteria regularisation by cross-validation on the corpus train split instead of using the values above.</summary>
    public bool TuneCriteria { get; set; }

    /// <summary>ML.NET seed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The model's version string.</summary>
    public string Version { get; set; } = "1.3.2";

    /// <summary>Use at most this many CEReD training sentences (0: all); for quick runs and tests.</summary>
    public int MaxCeredTrain { get; set; }

    /// <summary>Progress messages, or null.</summary>
    public Action<string>? Log { get; set; }
}

/// <summary>What a training run produced and measured.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(string modelPath, long modelBytes, string hyperParameters, double temperature, TimeSpan duration, string mapping, string search,
        EvaluationReport ceredValidation, EvaluationReport ceredValidationConfident, EvaluationReport corpusTest, ReflectionModel model)
    {
        ModelPath = modelPath;
        ModelBytes = modelBytes;
        HyperParameters = hyperParameters;
        Temperature = temperature;
        Duration = duration;
        Mapping = mapping;
        Search = search;
        CeredValidation = ceredValidation;
        CeredValidationConfident = ceredValidationConfident;
        CorpusTest = corpusTest;
        Model = model;
    }

    /// <summary>The model file written.</summary>
    public string ModelPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long ModelBytes { get; }

    /// <summary>The hyper-parameters used.</summary>
    public string HyperParameters { get; }

    /// <summary>The softmax temperature folded into the category weights (1: none).</summary>
    public double Temperature { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How the gold spans mapped onto the core's segmentation.</summary>
    public string Mapping { get; }

    /// <summary>The hyper-parameter search log (empty without <see cref="TrainingOptions.Tune"/>).</summary>
    public string Search { get; }

    /// <summary>The written model, reloaded from its file, on CEReD val (all sentences).</summary>
    public EvaluationReport CeredValidation { get; }

    /// <summary>The same on the val sentences whose mean typicality is at least 3 (the dataset authors' filter).</summary>
    public EvaluationReport CeredValidationConfident { get; }

    /// <summary>The written model on the corpus test split (never used for training or tuning).</summary>
    public EvaluationReport CorpusTest { get; }

    /// <summary>The written model, reloaded.</summary>
    public ReflectionModel Model { get; }

    /// <summary>Depth agreement of the written model on the corpus test split (statements and paragraphs).</summary>
    public DepthEvaluation? Depth { get; init; }

    /// <summary>A plain-text summary with all tables.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"model: {ModelPath} ({ModelBytes:N0} bytes), trained in {Duration.TotalSeconds:F1} s\n");
        b.Append(CultureInfo.InvariantCulture, $"hyper-parameters: {HyperParameters}; temperature {Temperature:F2}\n");
        b.Append("mapping: ").Append(Mapping).Append('\n');
        if (Search.Length > 0)
        {
            b.Append("search on CEReD val:\n").Append(Search);
        }
        b.Append(CeredValidation.Format()).Append(CeredValidationConfident.Format()).Append(CorpusTest.Format());
        b.Append(DepthCalibrator.Describe(Model)).Append('\n');
        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}

/// <summary>Trains the category and criteria layers and writes the model file.</summary>
public static class ModelTrainer
{
    internal const double MaxEce = 0.05;

    /// <summary>Trains, writes the model file, reloads it and evaluates it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range (hash bits 16-18; weights and regularisation finite and not negative).</exception>
    public static TrainingResult Train(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var clock = Stopwatch.StartNew();
        string root = options.RepositoryRoot ?? FindRepositoryRoot(Directory.GetCurrentDirectory());
        string ceredPath = options.CeredPath ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "cered-en"));
        string corpusPath = options.CorpusPath ?? Path.Combine(root, "data", "corpus", "documents");
        string outputPath = options.OutputPath ?? Path.Combine(root, "src", "ReflectiveAnalysis", "Resources", "fast.ramodel");
        Action<string> log = options.Log ?? (_ => { });

        IReadOnlyList<CeredRecord> ceredTrain = CeredReader.ReadSplit(ceredPath, "train");
        if (options.MaxCeredTrain > 0)
        {
            ceredTrain = [.. ceredTrain.Take(options.MaxCeredTrain)];
        }
        IReadOnlyList<CeredRecord> ceredVal = CeredReader.ReadSplit(ceredPath, "val");
        IReadOnlyList<CorpusDocument> corpus = CorpusReader.ReadFolder(corpusPath);
        List<CorpusDocument> corpusTrain = [.. corpus.Where(d => !d.IsTest)];
        List<CorpusDocument> corpusTest = [.. corpus.Where(d => d.IsTest)];
        log($"data: CEReD train {ceredTrain.Count}, val {ceredVal.Count}; corpus train {corpusTrain.Count} documents, test {corpusTest.Count} (held out)");

        CueLexicon lexicon = CueLexicon.Parse(ReflectionModel.ReadEmbeddedLexicon());
        var ml = new MLContext(options.Seed);
        var chosen = new CategoryHyperParameters(options.HashBits, options.L1, options.L2, options.ClassWeightExponent, options.CorpusWeight, options.ConfidenceWeighting, options.TeacherWeight);
        var search = new StringBuilder();
        Distillation? distillation = null;
        if (options.TeacherWeight > 0 || options.Tune)
        {
            distillation = Distillation.Label(lexicon, ceredTrain, ceredVal, options.Teacher ?? FineTunedMiniLmEncoder.Shared);
            log(distillation.Summary);
        }
        var cache = new Dictionary<(int, bool, float, float), Featurised>();
        Featurised Features(CategoryHyperParameters h)
        {
            if (!cache.TryGetValue((h.HashBits, h.ConfidenceWeighting, h.CorpusWeight, h.TeacherWeight), out Featurised? f))
            {
                f = Featurise(lexicon, h, ceredTrain, ceredVal, corpusTrain, distillation);
                cache[(h.HashBits, h.ConfidenceWeighting, h.CorpusWeight, h.TeacherWeight)] = f;
            }
            return f;
        }

        if (options.Tune)
        {
            List<CategoryHyperParameters> grid = [.. Grid(options)];
            foreach (CategoryHyperParameters h in grid)
            {
                Features(h);
            }
            var scores = new (double Score, string Line)[grid.Count];
            // Two configurations at a time (each single-threaded with its own seeded context): deterministic results, half the wall time.
            Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                CategoryHyperParameters h = grid[i];
                var t = Stopwatch.StartNew();
                Featurised f = cache[(h.HashBits, h.ConfidenceWeighting, h.CorpusWeight, h.TeacherWeight)];
                LinearLayer layer = TrainCategoryLayer(new MLContext(options.Seed), f, h, out var model);
                ReflectionModel candidate = Build(lexicon, h.HashBits, options.Version, "", [layer]);
                EvaluationReport report = ModelEvaluator.Categories(candidate, f.Val, "val", null, null);
                double ece = report.ExpectedCalibrationError;
                if (ece > MaxEce)
                {
                    double temperature = FitTemperature(candidate, f.Val);
                    ReflectionModel scaled = Build(lexicon, h.HashBits, options.Version, "", [MlNetLayers.ExportCategories(model.Model, 1 << h.HashBits, temperature)]);
                    ece = ModelEvaluator.Categories(scaled, f.Val, "val", null, null).ExpectedCalibrationError;
                }
                int nonZero = layer.Weights.Count(w => w != 0);
                string line = FormattableString.Invariant($"  {h}: accuracy {report.Fine.Accuracy:P1} macro-F1 {report.Fine.MacroF1:F3} binary {report.Binary.Accuracy:P1} ECE {report.ExpectedCalibrationError:F3} (after temperature {ece:F3}) non-zero weights {nonZero} ({t.Elapsed.TotalSeconds:F0} s)\n");
                log(line.TrimEnd());
                // Rule: the best val accuracy among settings that meet the calibration target (ECE <= 0.05 after temperature).
                scores[i] = (report.Fine.Accuracy + (0.01 * report.Fine.MacroF1) + (ece <= MaxEce ? 1 : 0), line);
            });
            double best = -1;
            for (int i = 0; i < grid.Count; i++)
            {
                search.Append(scores[i].Line);
                if (scores[i].Score > best)
                {
                    best = scores[i].Score;
                    chosen = grid[i];
                }
            }
            log($"chosen: {chosen}");
        }

        Featurised data = Features(chosen);
        LinearLayer category = TrainCategoryLayer(ml, data, chosen, out var trained);
        ReflectionModel uncalibrated = Build(lexicon, chosen.HashBits, options.Version, "", [category]);
        EvaluationReport before = ModelEvaluator.Categories(uncalibrated, data.Val, "val", null, null);
        double temperature = 1;
        if (before.ExpectedCalibrationError > MaxEce)
        {
            temperature = FitTemperature(uncalibrated, data.Val);
            category = MlNetLayers.ExportCategories(trained.Model, 1 << chosen.HashBits, temperature);
            log(FormattableString.Invariant($"ECE {before.ExpectedCalibrationError:F4} > {MaxEce}: temperature {temperature:F2} fitted on CEReD val and folded into the weights"));
        }

        var paragraphFeaturizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, chosen.HashBits));
        List<SparseExample> paragraphs = paragraphFeaturizer.CorpusParagraphs(corpusTrain);
        (float criteriaL1, float criteriaL2) = (options.CriteriaL1, options.CriteriaL2);
        if (options.TuneCriteria)
        {
            (criteriaL1, criteriaL2) = TuneCriteria(lexicon, chosen.HashBits, corpusTrain, options.Seed, search, log);
        }
        (LinearLayer criteria, _) = MlNetLayers.TrainCriteria(ml, paragraphs, 1 << chosen.HashBits, criteriaL1, criteriaL2);
        log($"criteria: {paragraphs.Count} corpus train paragraphs");

        // Depth: calibrate the scorer's signal weights on the labelled train statements. Their signals come from category
        // and criteria layers trained without them (5-fold cross-fitting), so the calibration sees the errors new text will get.
        var crossFitted = new List<(CorpusDocument Document, ReflectionModel Model)>();
        List<SparseExample> ceredExamples = data.Train.GetRange(0, data.Train.Count - data.CorpusSentences);
        for (int fold = 0; fold < DepthCalibrator.Folds; fold++)
        {
            List<CorpusDocument> inFold = [.. corpusTrain.Where((_, i) => i % DepthCalibrator.Folds != fold)];
            var foldFeaturizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, chosen.HashBits));
            List<SparseExample> corpusExamples = foldFeaturizer.CorpusSentences(inFold, chosen.CorpusWeight);
            var foldData = new Featurised([.. ceredExamples, .. corpusExamples], data.Val, corpusExamples.Count, "");
            TrainCategoryLayer(new MLContext(options.Seed), foldData, chosen, out var foldTrained);
            LinearLayer foldCategory = MlNetLayers.ExportCategories(foldTrained.Model, 1 << chosen.HashBits, temperature);
            (LinearLayer foldCriteria, _) = MlNetLayers.TrainCriteria(new MLContext(options.Seed), foldFeaturizer.CorpusParagraphs(inFold), 1 << chosen.HashBits, criteriaL1, criteriaL2);
            ReflectionModel foldModel = Build(lexicon, chosen.HashBits, options.Version, "", [foldCategory, foldCriteria]);
            crossFitted.AddRange(corpusTrain.Where((_, i) => i % DepthCalibrator.Folds == fold).Select(d => (d, foldModel)));
        }
        log($"depth: signals of {crossFitted.Count} corpus train documents measured with {DepthCalibrator.Folds}-fold cross-fitted layers");
        LinearLayer depth = DepthCalibrator.Fit(crossFitted, log).Layer;

        string distilled = distillation is not null && chosen.TeacherWeight > 0
            ? string.Create(CultureInfo.InvariantCulture, $", distilled from {distillation.Teacher}'s probabilities on {distillation.Sentences.Count} unlabelled sentences of the CEReD train contexts (weight {chosen.TeacherWeight})")
            : "";
        string description = string.Create(CultureInfo.InvariantCulture,
            $"Linear models on hashed n-gram, cue and context features (2^{chosen.HashBits}). Categories: maximum entropy (ML.NET L-BFGS) on CEReD English train " +
            $"({ceredTrain.Count} sentences; Štefánik & Nehyba 2021, CC BY 4.0) and the project's library-profession corpus train split ({data.CorpusSentences} sentences){distilled}; " +
            $"criteria: three logistic regressions on {paragraphs.Count} corpus train paragraphs; " +
            $"depth: non-negative ridge regression of the gold scores of {corpusTrain.Count(d => d.DepthScore is not null)} corpus train statements (and their paragraphs' levels) on the depth scorer's signals. Temperature {temperature:F2}.");
        var contents = new ModelContents("reflective-fast", options.Version, description, FeatureExtractor.FeatureSetVersion, chosen.HashBits, lexicon, [category, criteria, depth]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        using (FileStream file = File.Create(outputPath))
        {
            ModelFile.Write(file, contents);
        }
        ReflectionModel model = ReflectionModel.Load(outputPath);
        long bytes = new FileInfo(outputPath).Length;
        log($"wrote {outputPath} ({bytes:N0} bytes)");

        EvaluationReport val = ModelEvaluator.EvaluateCered(model, ceredVal, 0, "CEReD val");
        EvaluationReport valConfident = ModelEvaluator.EvaluateCered(model, ceredVal, 3, "CEReD val");
        EvaluationReport test = ModelEvaluator.EvaluateCorpus(model, corpusTest, "corpus test split");
        DepthEvaluation depthTest = test.Depth!; // EvaluateCorpus measured it with the same model and documents
        return new TrainingResult(Path.GetFullPath(outputPath), bytes, FormattableString.Invariant($"{chosen} criteriaL1={criteriaL1} criteriaL2={criteriaL2}"), temperature, clock.Elapsed,
            data.Mapping, search.ToString(), val, valConfident, test, model) { Depth = depthTest };
    }

    private static void Validate(TrainingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HashBits, 16, nameof(options.HashBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.HashBits, 18, nameof(options.HashBits));
        foreach ((float value, string name) in new[]
        {
            (options.L1, nameof(options.L1)), (options.L2, nameof(options.L2)), (options.CorpusWeight, nameof(options.CorpusWeight)),
            (options.TeacherWeight, nameof(options.TeacherWeight)), (options.CriteriaL1, nameof(options.CriteriaL1)), (options.CriteriaL2, nameof(options.CriteriaL2)),
            ((float)options.ClassWeightExponent, nameof(options.ClassWeightExponent)),
        })
        {
            if (!float.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and not negative.");
            }
        }
    }

    /// <summary>Walks up from <paramref name="start"/> to the folder holding ReflectiveAnalysis.sln.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ReflectiveAnalysis.sln")))
            {
                return d.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No ReflectiveAnalysis.sln above {start}.");
    }

    internal sealed record Featurised(List<SparseExample> Train, List<SparseExample> Val, int CorpusSentences, string Mapping);

    /// <summary>
    /// Featurises the training data: CEReD train (labelled), then the teacher's soft examples (when
    /// <paramref name="distillation"/> is given and the teacher weight is above 0), then the corpus train split; the
    /// corpus examples come last (<see cref="Featurised.CorpusSentences"/> counts them).
    /// </summary>
    internal static Featurised Featurise(CueLexicon lexicon, CategoryHyperParameters h, IReadOnlyList<CeredRecord> ceredTrain, IReadOnlyList<CeredRecord> ceredVal, IReadOnlyList<CorpusDocument> corpusTrain,
        Distillation? distillation = null)
    {
        var featurizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, h.HashBits));
        List<SparseExample> train = featurizer.Cered(ceredTrain, r => h.ConfidenceWeighting ? (float)(r.MeanConfidence / 4) : 1f);
        if (distillation is not null && h.TeacherWeight > 0)
        {
            List<SparseExample> unlabelled = new ExampleFeaturizer(new FeatureExtractor(lexicon, h.HashBits)).Cered(distillation.Sentences, _ => 1f);
            train.AddRange(TeacherLabels.SoftExamples(unlabelled, distillation.Probabilities, h.TeacherWeight));
        }
        List<SparseExample> corpus = featurizer.CorpusSentences(corpusTrain, h.CorpusWeight);
        train.AddRange(corpus);
        string mapping = featurizer.Stats.ToString();
        List<SparseExample> val = new ExampleFeaturizer(new FeatureExtractor(lexicon, h.HashBits)).Cered(ceredVal, _ => 1f);
        return new Featurised(train, val, corpus.Count, mapping);
    }

    internal static LinearLayer TrainCategoryLayer(MLContext ml, Featurised data, CategoryHyperParameters h, out Microsoft.ML.Data.MulticlassPredictionTransformer<Microsoft.ML.Trainers.MaximumEntropyModelParameters> trained)
    {
        var counts = new int[ReflectiveTaxonomy.CategoryCount];
        foreach (SparseExample e in data.Train)
        {
            counts[e.Label]++;
        }
        double n = data.Train.Count;
        var classWeight = counts.Select(c => c == 0 ? 0 : Math.Pow(n / (ReflectiveTaxonomy.CategoryCount * c), h.ClassWeightExponent)).ToArray();
        List<SparseExample> weighted = [.. data.Train.Select(e => e with { Weight = (float)(e.Weight * classWeight[e.Label]) })];
        trained = MlNetLayers.TrainCategories(ml, weighted, 1 << h.HashBits, h.L1, h.L2);
        return MlNetLayers.ExportCategories(trained.Model, 1 << h.HashBits);
    }

    internal static ReflectionModel Build(CueLexicon lexicon, int hashBits, string version, string description, ImmutableArray<LinearLayer> layers) =>
        new(new ModelContents("reflective-fast", version, description, FeatureExtractor.FeatureSetVersion, hashBits, lexicon, layers));

    /// <summary>The temperature (0.5-4) that minimises the negative log-likelihood on <paramref name="val"/>.</summary>
    internal static double FitTemperature(ReflectionModel model, IReadOnlyList<SparseExample> val)
    {
        LinearLayer layer = model.CategoryLayer!;
        var logits = new List<(float[] Scores, int Label)>();
        foreach (SparseExample e in val)
        {
            var scores = new float[layer.OutputCount];
            layer.Bias.CopyTo(scores, 0);
            for (int i = 0; i < e.Indices.Length; i++)
            {
                ReadOnlySpan<float> row = layer.Row(e.Indices[i]);
                for (int c = 0; c < row.Length; c++)
                {
                    scores[c] += e.Values[i] * row[c];
                }
            }
            logits.Add((scores, e.Label));
        }
        double bestT = 1, bestLoss = double.MaxValue;
        for (double t = 0.5; t <= 4.0001; t += 0.05)
        {
            double loss = 0;
            foreach ((float[] s, int label) in logits)
            {
                double max = s.Max() / t;
                double sum = s.Sum(x => Math.Exp((x / t) - max));
                loss -= (s[label] / t) - max - Math.Log(sum);
            }
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestT = Math.Round(t, 2);
            }
        }
        return bestT;
    }

    /// <summary>
    /// Chooses the criteria regularisation by 4-fold cross-validation over corpus TRAIN documents (folds by document),
    /// scoring macro-F1 at 0.5; the corpus test split is never touched.
    /// </summary>
    internal static (float L1, float L2) TuneCriteria(CueLexicon lexicon, int hashBits, IReadOnlyList<CorpusDocument> corpusTrain, int seed, StringBuilder search, Action<string> log)
    {
        const int Folds = 4;
        var folds = new List<SparseExample>[Folds];
        for (int f = 0; f < Folds; f++)
        {
            var featurizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, hashBits));
            folds[f] = featurizer.CorpusParagraphs(corpusTrain.Where((_, i) => i % Folds == f));
        }
        (float, float) best = (0.1f, 0.3f);
        double bestF1 = -1;
        foreach (float l2 in new[] { 0.003f, 0.01f, 0.03f, 0.1f, 0.3f })
        {
            foreach (float l1 in new[] { 0f, 0.01f, 0.1f })
            {
                var gold = new List<bool[]>();
                var predicted = new List<float[]>();
                for (int f = 0; f < Folds; f++)
                {
                    List<SparseExample> train = [.. folds.Where((_, i) => i != f).SelectMany(x => x)];
                    (LinearLayer layer, _) = MlNetLayers.TrainCriteria(new MLContext(seed), train, 1 << hashBits, l1, l2);
                    ReflectionModel model = Build(lexicon, hashBits, "cv", "", [layer]);
                    foreach (SparseExample p in folds[f])
                    {
                        gold.Add(p.Criteria);
                        predicted.Add(ModelEvaluator.PredictCriteria(model, p));
                    }
                }
                var metrics = new CriteriaMetrics(gold, predicted);
                string line = FormattableString.Invariant($"  criteria L1={l1} L2={l2}: 4-fold CV macro-F1 {metrics.MacroF1:F3} ({string.Join(", ", metrics.Criteria.Select(c => c.F1.ToString("F3", CultureInfo.InvariantCulture)))})\n");
                search.Append(line);
                log(line.TrimEnd());
                if (metrics.MacroF1 > bestF1)
                {
                    bestF1 = metrics.MacroF1;
                    best = (l1, l2);
                }
            }
        }
        return best;
    }

    private static IEnumerable<CategoryHyperParameters> Grid(TrainingOptions o)
    {
        // Last round of the search (earlier rounds: L2 0.01-1, L1 0-0.25, class-weight exponent 0-0.5, corpus weight 0.3-1; see docs/model-card.md).
        var seen = new HashSet<CategoryHyperParameters>();
        foreach (float corpusWeight in new[] { 0.1f, 0.3f })
        {
            foreach (bool confidence in new[] { true, false })
            {
                var h = new CategoryHyperParameters(o.HashBits, o.L1, o.L2, o.ClassWeightExponent, corpusWeight, confidence, o.TeacherWeight);
                if (seen.Add(h))
                {
                    yield return h;
                }
            }
        }
        foreach (float teacherWeight in new[] { 0f, 0.3f, 1f })
        {
            var h = new CategoryHyperParameters(o.HashBits, o.L1, o.L2, o.ClassWeightExponent, o.CorpusWeight, o.ConfidenceWeighting, teacherWeight);
            if (seen.Add(h))
            {
                yield return h;
            }
        }
    }
}
