using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>Where the data is, where the accurate model goes, and its hyper-parameters (defaults: the values chosen on CEReD val).</summary>
public sealed class AccurateTrainingOptions
{
    /// <summary>The CEReD English folder (train.tsv, val.tsv). Default: <c>../shared/datasets/cered-en</c> relative to the repository root.</summary>
    public string? CeredPath { get; set; }

    /// <summary>The corpus documents folder. Default: <c>data/corpus/documents</c> under the repository root.</summary>
    public string? CorpusPath { get; set; }

    /// <summary>Where to write the model. Default: <c>src/ReflectiveAnalysis.Embeddings/Resources/accurate.ramodel</c>.</summary>
    public string? OutputPath { get; set; }

    /// <summary>The repository root (found from the working directory when null).</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Folder of the embedding and out-of-fold cache (default <c>artifacts/embedding-cache</c> under the root; gitignored).</summary>
    public string? CachePath { get; set; }

    /// <summary>Whether to read and write the embedding cache.</summary>
    public bool UseCache { get; set; } = true;

    /// <summary>The fast model whose lexicon and category, criteria and depth layers the accurate model reuses (default: the embedded fast model); its training settings are <see cref="FastSettings"/>.</summary>
    public ReflectionModel? FastModel { get; set; }

    /// <summary>Scale of the embeddings relative to the fast layer's log-probabilities during training (folded into the exported weights).</summary>
    public float EmbeddingScale { get; set; } = 1f;

    /// <summary>L1 regularisation of the head.</summary>
    public float L1 { get; set; }

    /// <summary>L2 regularisation of the head.</summary>
    public float L2 { get; set; } = 1f;

    /// <summary>Folds for the fast layer's out-of-fold probabilities on the training sentences.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Class-imbalance weight exponent: each class's examples weigh (N / (K·n_class))^exponent; 0 turns it off.</summary>
    public double ClassWeightExponent { get; set; } = 0.25;

    /// <summary>Weight of a corpus training sentence relative to a CEReD one (as in the fast tier).</summary>
    public float CorpusWeight { get; set; } = 0.3f;

    /// <summary>The settings the fast model was trained with; the out-of-fold fast layers are trained with them.</summary>
    public TrainingOptions FastSettings { get; set; } = new();

    /// <summary>Search a small grid on CEReD val instead of using the values above.</summary>
    public bool Tune { get; set; }

    /// <summary>ML.NET seed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The model's version string.</summary>
    public string Version { get; set; } = "2.1.2";

    /// <summary>
    /// <see cref="AccurateTrainer.Compose"/> only: the weight of the fast layer's log-probabilities added to the
    /// fine-tuned head's logits (1, fixed in advance: not tuned on val).
    /// </summary>
    public float FastWeight { get; set; } = 1f;

    /// <summary>Use at most this many CEReD training sentences (0: all); for quick runs and tests.</summary>
    public int MaxCeredTrain { get; set; }

    /// <summary>Progress messages, or null.</summary>
    public Action<string>? Log { get; set; }
}

/// <summary>What an accurate-tier training run produced and measured.</summary>
public sealed class AccurateTrainingResult
{
    internal AccurateTrainingResult(string modelPath, long modelBytes, string hyperParameters, double temperature, TimeSpan duration, string search,
        EvaluationReport ceredValidation, EvaluationReport corpusTest, ReflectionModel model)
    {
        ModelPath = modelPath;
        ModelBytes = modelBytes;
        HyperParameters = hyperParameters;
        Temperature = temperature;
        Duration = duration;
        Search = search;
        CeredValidation = ceredValidation;
        CorpusTest = corpusTest;
        Model = model;
    }

    /// <summary>The model file written.</summary>
    public string ModelPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long ModelBytes { get; }

    /// <summary>The hyper-parameters used.</summary>
    public string HyperParameters { get; }

    /// <summary>The softmax temperature folded into the weights (1: none).</summary>
    public double Temperature { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The search log (empty without <see cref="AccurateTrainingOptions.Tune"/>).</summary>
    public string Search { get; }

    /// <summary>The written model, reloaded, on CEReD val.</summary>
    public EvaluationReport CeredValidation { get; }

    /// <summary>The written model on the corpus test split (never used for training or tuning).</summary>
    public EvaluationReport CorpusTest { get; }

    /// <summary>The written model, reloaded.</summary>
    public ReflectionModel Model { get; }

    /// <summary>The criteria head's cross-validation against the fast criteria layer's, and whether it was shipped.</summary>
    public string CriteriaHead { get; init; } = "";

    /// <summary>How the depth layer was chosen, its weights, and its agreement on the corpus test split.</summary>
    public string Depth { get; init; } = "";

    /// <summary>A plain-text summary with all tables.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"model: {ModelPath} ({ModelBytes:N0} bytes), trained in {Duration.TotalSeconds:F1} s\n");
        b.Append(CultureInfo.InvariantCulture, $"hyper-parameters: {HyperParameters}; temperature {Temperature:F2}\n");
        if (CriteriaHead.Length > 0)
        {
            b.Append(CriteriaHead).Append('\n');
        }
        if (Depth.Length > 0)
        {
            b.Append(Depth);
        }
        if (Search.Length > 0)
        {
            b.Append("search on CEReD val:\n").Append(Search);
        }
        b.Append(CeredValidation.Format()).Append(CorpusTest.Format());
        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}

/// <summary>
/// Trains the accurate tier by stacking: the fast model's category layer (unchanged) gives nine probabilities; a
/// softmax head (ML.NET L-BFGS maximum entropy, single thread, fixed seed) reads their logarithms together with the
/// sentence encoder's embedding of the sentence and the mean embedding of its neighbours. The head is trained on the
/// fast layer's out-of-fold probabilities for the training sentences (5 folds, each fast layer trained without its
/// fold), so it learns how far to trust the fast layer on text it has not seen. Lexicon and criteria layers are the
/// fast model's; a criteria head (<see cref="CriteriaHeadTrainer"/>) is added only when it beats the fast criteria
/// layer in cross-validation on the corpus train split, and the depth layer is refitted on cross-fitted accurate
/// signals only when that beats the fast depth layer in cross-validation (<see cref="FitDepth"/>).
/// </summary>
public static class AccurateTrainer
{
    internal const string ModelName = "reflective-accurate";

    /// <summary>Trains, writes the model file, reloads it and evaluates it.</summary>
    public static AccurateTrainingResult Train(AccurateTrainingOptions options, ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoder);
        var clock = Stopwatch.StartNew();
        (string root, string ceredPath, string corpusPath, string outputPath, ReflectionModel fast) = Resolve(options);
        string? cachePath = options.UseCache ? options.CachePath ?? Path.Combine(root, "artifacts", "embedding-cache") : null;
        Action<string> log = options.Log ?? (_ => { });
        var cache = new EmbeddingCache(encoder, cachePath);

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

        int hashBits = fast.Contents.HashBits;
        Data data = Featurise(fast.Lexicon, hashBits, ceredTrain, ceredVal, corpusTrain, options.CorpusWeight, cache, log);
        (float[][] trainFast, LinearLayer[] foldLayers) = OutOfFoldProbabilities(data, fast.Lexicon, hashBits, options, cachePath, log);
        float[][] valFast = [.. data.Val.Select(e => FastProbabilities(fast, e))];
        var stacked = new Stacked(data.Train, trainFast, data.Val, valFast);

        var chosen = new AccurateHyperParameters(options.EmbeddingScale, options.L1, options.L2, options.ClassWeightExponent);
        var search = new StringBuilder();
        if (options.Tune)
        {
            double best = double.NegativeInfinity;
            foreach (AccurateHyperParameters h in Grid())
            {
                var t = Stopwatch.StartNew();
                LinearLayer candidateHead = TrainHead(new MLContext(options.Seed), stacked, encoder.Dimension, h, out _);
                ReflectionModel candidate = Build(fast, encoder, candidateHead, options.Version, "");
                EvaluationReport report = ModelEvaluator.Categories(candidate, data.Val, "val", null, null);
                string line = FormattableString.Invariant($"  {h}: accuracy {report.Fine.Accuracy:P1} macro-F1 {report.Fine.MacroF1:F3} binary {report.Binary.Accuracy:P1} ECE {report.ExpectedCalibrationError:F3} ({t.Elapsed.TotalSeconds:F0} s)\n");
                log(line.TrimEnd());
                search.Append(line);
                // Rule: best val accuracy, macro-F1 breaking near-ties (calibration is fixed afterwards by temperature).
                double score = report.Fine.Accuracy + (0.01 * report.Fine.MacroF1);
                if (score > best)
                {
                    best = score;
                    chosen = h;
                }
            }
            log($"chosen: {chosen}");
        }

        LinearLayer head = TrainHead(new MLContext(options.Seed), stacked, encoder.Dimension, chosen, out var trained);
        ReflectionModel uncalibrated = Build(fast, encoder, head, options.Version, "");
        EvaluationReport before = ModelEvaluator.Categories(uncalibrated, data.Val, "val", null, null);
        double temperature = 1;
        if (before.ExpectedCalibrationError > ModelTrainer.MaxEce)
        {
            temperature = FitTemperature(uncalibrated, data.Val);
            head = ExportHead(trained.Model, encoder.Dimension, chosen.EmbeddingScale, temperature);
            log(FormattableString.Invariant($"ECE {before.ExpectedCalibrationError:F4} > {ModelTrainer.MaxEce}: temperature {temperature:F2} fitted on CEReD val and folded into the head"));
        }

        // The criteria head: corpus train paragraphs only, out-of-fold fast criteria logits, L2 by 4-fold CV on the same folds.
        List<SparseExample> paragraphs = CriteriaHeadTrainer.Paragraphs(fast.Lexicon, hashBits, corpusTrain, cache, log);
        CriteriaHeadResult criteriaHead = CriteriaHeadTrainer.Train(paragraphs, hashBits, options.FastSettings.CriteriaL1, options.FastSettings.CriteriaL2, options.Seed, log);

        (LinearLayer depthLayer, string depthText) = FitDepth(fast, encoder, stacked, foldLayers, corpusTrain, chosen, temperature, options, log);

        string criteriaText = criteriaHead.Head is null
            ? $"Criteria: {fast.Name} {fast.Version}'s criteria layer (a criteria head over its logits and the paragraph's mean embedding did not beat it in {CriteriaHeadTrainer.Folds}-fold CV on corpus train)."
            : string.Create(CultureInfo.InvariantCulture,
                $"Criteria: {fast.Name} {fast.Version}'s criteria layer, then three logistic regressions (ML.NET L-BFGS, L2 {criteriaHead.L2}) over its three logits and the mean {encoder.Name} embedding of the paragraph's sentences, " +
                $"trained on its {CriteriaHeadTrainer.Folds}-fold out-of-fold logits for the corpus train split ({paragraphs.Count} paragraphs).");
        string description = string.Create(CultureInfo.InvariantCulture,
            $"Categories: {fast.Name} {fast.Version}'s category layer, then a maximum-entropy head (ML.NET L-BFGS) over its nine log-probabilities and {encoder.Name} embeddings " +
            $"of the sentence and the mean of its paragraph neighbours ({ReflectionModel.HeadInputCount(encoder.Dimension)} inputs), trained on the fast layer's {options.Folds}-fold out-of-fold probabilities " +
            $"for CEReD English train ({ceredTrain.Count} sentences; Štefánik & Nehyba 2021, CC BY 4.0) and the project's corpus train split ({data.CorpusSentences} sentences). " +
            $"Lexicon as in {fast.Name} {fast.Version}. Head temperature {temperature:F2}. {criteriaText} {depthText}");
        ReflectionModel final = Build(fast, encoder, head, options.Version, description, criteriaHead.Head);
        final = new ReflectionModel(DepthCalibrator.WithDepth(final.Contents, depthLayer));
        (ReflectionModel model, long bytes, EvaluationReport val, EvaluationReport test) = SaveAndEvaluate(final, outputPath, ceredVal, corpusTest, encoder, log);
        DepthEvaluation depthTest = test.Depth!;
        return new AccurateTrainingResult(Path.GetFullPath(outputPath), bytes, chosen.ToString(), temperature, clock.Elapsed, search.ToString(), val, test, model)
        {
            CriteriaHead = "criteria head search (corpus train, 4-fold CV by document):\n" + criteriaHead.Search + criteriaHead.Summary(),
            Depth = depthText + "\n" + DepthCalibrator.Describe(model) + "\n" + depthTest.Format(),
        };
    }

    /// <summary>
    /// Builds the accurate model around a fine-tuned encoder (the shipped accurate tier): the category head adds the
    /// encoder's own category head (trained with it by src/ReflectiveAnalysis.Training.Transformer) to
    /// <see cref="AccurateTrainingOptions.FastWeight"/> times the fast layer's log-probabilities, a product of the two
    /// classifiers' probabilities. Nothing is trained here but a softmax temperature, fitted on CEReD val when the blend's
    /// calibration error exceeds <see cref="ModelTrainer.MaxEce"/>. Lexicon, criteria and depth layers are the fast
    /// model's: the encoder has seen the corpus train split, so signals measured on it would be in-sample, and neither a
    /// criteria head nor a depth refit could be cross-validated honestly without fine-tuning once per fold.
    /// Writes the model file, reloads it and evaluates it on CEReD val and the corpus test split.
    /// </summary>
    public static AccurateTrainingResult Compose(AccurateTrainingOptions options, FineTunedMiniLmEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoder);
        var clock = Stopwatch.StartNew();
        (_, string ceredPath, string corpusPath, string outputPath, ReflectionModel fast) = Resolve(options);
        Action<string> log = options.Log ?? (_ => { });
        FineTunedWeights weights = encoder.Weights;
        // Resolve checked that the fast model has a category layer.
        if (!weights.HeadLabels.SequenceEqual(fast.CategoryLayer!.Labels, StringComparer.Ordinal) || weights.HeadWeights.Length != encoder.Dimension * weights.HeadLabels.Count)
        {
            throw new ArgumentException($"The encoder's head ({string.Join(", ", weights.HeadLabels)}; {weights.HeadWeights.Length} weights) does not fit {fast.Name}'s categories and the {encoder.Dimension} embedding values.", nameof(encoder));
        }
        if (!(options.FastWeight >= 0 && float.IsFinite(options.FastWeight)))
        {
            throw new ArgumentException("The fast weight must be a finite number, 0 or more.", nameof(options));
        }
        IReadOnlyList<CeredRecord> ceredVal = CeredReader.ReadSplit(ceredPath, "val");
        List<CorpusDocument> corpusTest = [.. CorpusReader.ReadFolder(corpusPath).Where(d => d.IsTest)];
        log($"data: CEReD val {ceredVal.Count} sentences (temperature only); corpus test {corpusTest.Count} documents (evaluation only); encoder {encoder.Name}");

        ReflectionModel uncalibrated = Build(fast, encoder, BlendHead(weights, encoder.Dimension, options.FastWeight, 1), options.Version, "");
        List<SparseExample> val = ModelEvaluator.WithDenseInputs(uncalibrated, new ExampleFeaturizer(fast.Extractor).Cered(ceredVal, _ => 1f), encoder);
        EvaluationReport before = ModelEvaluator.Categories(uncalibrated, val, "val", null, null);
        double temperature = 1;
        if (before.ExpectedCalibrationError > ModelTrainer.MaxEce)
        {
            temperature = FitTemperature(uncalibrated, val);
            log(FormattableString.Invariant($"ECE {before.ExpectedCalibrationError:F4} > {ModelTrainer.MaxEce}: temperature {temperature:F2} fitted on CEReD val"));
        }
        string description = string.Create(CultureInfo.InvariantCulture,
            $"Categories: the fine-tuned encoder {encoder.Name}'s category head over its mean-pooled embedding of the sentence, plus {options.FastWeight} x the log-probabilities of {fast.Name} {fast.Version}'s category layer, " +
            $"softmax temperature {temperature:F2} (fitted on CEReD val). Encoder: {weights.Description} " +
            $"Lexicon, criteria and depth layers as in {fast.Name} {fast.Version} (the encoder has seen the corpus train split, so criteria and depth were not refitted on its signals).");
        ReflectionModel final = Build(fast, encoder, BlendHead(weights, encoder.Dimension, options.FastWeight, temperature), options.Version, description);
        (ReflectionModel model, long bytes, EvaluationReport valReport, EvaluationReport test) = SaveAndEvaluate(final, outputPath, ceredVal, corpusTest, encoder, log);
        DepthEvaluation depthTest = test.Depth!;
        string settings = FormattableString.Invariant($"fine-tuned head + {options.FastWeight} x fast log-probabilities");
        return new AccurateTrainingResult(Path.GetFullPath(outputPath), bytes, settings, temperature, clock.Elapsed, "", valReport, test, model)
        {
            Depth = $"Depth: {fast.Name} {fast.Version}'s depth layer.\n" + DepthCalibrator.Describe(model) + "\n" + depthTest.Format(),
        };
    }

    /// <summary>The repository root, data and output paths (the options' or the defaults), and the fast model to build on.</summary>
    private static (string Root, string Cered, string Corpus, string Output, ReflectionModel Fast) Resolve(AccurateTrainingOptions options)
    {
        string root = options.RepositoryRoot ?? ModelTrainer.FindRepositoryRoot(Directory.GetCurrentDirectory());
        ReflectionModel fast = options.FastModel ?? ReflectionModel.Default;
        if (fast.CategoryLayer is null || fast.CategoryHead is not null)
        {
            throw new ArgumentException("The fast model must be a trained model without a category head.", nameof(options));
        }
        return (root,
            options.CeredPath ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "cered-en")),
            options.CorpusPath ?? Path.Combine(root, "data", "corpus", "documents"),
            options.OutputPath ?? Path.Combine(root, "src", "ReflectiveAnalysis.Embeddings", "Resources", "accurate.ramodel"),
            fast);
    }

    /// <summary>Writes the model, reloads it from the file (so what is measured is what ships) and evaluates it on CEReD val and the corpus test split (sentences, criteria, depth).</summary>
    private static (ReflectionModel Model, long Bytes, EvaluationReport Val, EvaluationReport Test) SaveAndEvaluate(ReflectionModel final, string outputPath,
        IReadOnlyList<CeredRecord> ceredVal, IReadOnlyList<CorpusDocument> corpusTest, ISentenceEncoder encoder, Action<string> log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        using (FileStream file = File.Create(outputPath))
        {
            final.Save(file);
        }
        ReflectionModel model = ReflectionModel.Load(outputPath);
        long bytes = new FileInfo(outputPath).Length;
        log($"wrote {outputPath} ({bytes:N0} bytes)");
        return (model, bytes,
            ModelEvaluator.EvaluateCered(model, ceredVal, 0, "CEReD val", encoder),
            ModelEvaluator.EvaluateCorpus(model, corpusTest, "corpus test split", encoder));
    }

    /// <summary>
    /// The category head of <see cref="Compose"/> in the core's head layout (nine log-probabilities, sentence embedding,
    /// context embedding): the fast weight on the diagonal of the log-probability block, the fine-tuned head on the
    /// sentence block, zeros on the context block; everything divided by <paramref name="temperature"/>.
    /// </summary>
    internal static LinearLayer BlendHead(FineTunedWeights weights, int dimension, float fastWeight, double temperature)
    {
        int labels = weights.HeadLabels.Count;
        int categories = ReflectiveTaxonomy.CategoryCount;
        int inputs = ReflectionModel.HeadInputCount(dimension);
        float scale = (float)(1 / temperature);
        var w = new float[inputs * labels];
        for (int c = 0; c < categories; c++)
        {
            w[(c * labels) + c] = fastWeight * scale;
        }
        for (int i = 0; i < dimension * labels; i++)
        {
            w[(categories * labels) + i] = weights.HeadWeights[i] * scale;
        }
        float[] bias = [.. weights.HeadBias.Select(b => b * scale)];
        return new LinearLayer(ReflectionModel.CategoryHeadName, Activation.Softmax, [.. weights.HeadLabels], inputs, bias, w);
    }

    internal sealed record Data(List<SparseExample> Train, List<SparseExample> Val, int CorpusSentences);

    /// <summary>Training and validation examples with the fast layer's probabilities for each (out-of-fold for training).</summary>
    internal sealed record Stacked(List<SparseExample> Train, float[][] TrainFast, List<SparseExample> Val, float[][] ValFast);

    internal static Data Featurise(CueLexicon lexicon, int hashBits, IReadOnlyList<CeredRecord> ceredTrain, IReadOnlyList<CeredRecord> ceredVal,
        IReadOnlyList<CorpusDocument> corpusTrain, float corpusWeight, EmbeddingCache cache, Action<string>? log)
    {
        var featurizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, hashBits));
        List<SparseExample> train = featurizer.Cered(ceredTrain, r => (float)(r.MeanConfidence / 4));
        List<SparseExample> corpus = featurizer.CorpusSentences(corpusTrain, corpusWeight);
        train.AddRange(corpus);
        List<SparseExample> val = new ExampleFeaturizer(new FeatureExtractor(lexicon, hashBits)).Cered(ceredVal, _ => 1f);
        return new Data(DenseInputs.Attach(train, cache, log), DenseInputs.Attach(val, cache, log), corpus.Count);
    }

    /// <summary>The fast category layer's probabilities for an example, as the analyzer computes them before the head.</summary>
    internal static float[] FastProbabilities(ReflectionModel fast, SparseExample example)
    {
        var p = new float[ReflectiveTaxonomy.CategoryCount];
        fast.CategoryLayer!.Evaluate(example.Indices, example.Values, p);
        return p;
    }

    /// <summary>The fold of a training example: corpus sentences by document (so a document's sentences share a fold), CEReD sentences by position.</summary>
    internal static int FoldOf(SparseExample example, int index, int folds) =>
        example.DocumentId is { } document ? FoldOfDocument(document, folds) : index % folds;

    /// <summary>The fold of a corpus document (and of each of its sentences and paragraphs): an FNV-1a hash of its id.</summary>
    internal static int FoldOfDocument(string documentId, int folds)
    {
        uint hash = 2166136261;
        foreach (char c in documentId)
        {
            hash = (hash ^ c) * 16777619;
        }
        return (int)(hash % (uint)folds);
    }

    /// <summary>
    /// For each training example, the probabilities of a fast category layer trained (with the fast tier's settings)
    /// without the example's fold, and those fold layers. Cached next to the embeddings, keyed by the data and settings.
    /// </summary>
    internal static (float[][] Probabilities, LinearLayer[] FoldLayers) OutOfFoldProbabilities(Data data, CueLexicon lexicon, int hashBits, AccurateTrainingOptions options, string? cachePath, Action<string> log)
    {
        TrainingOptions f = options.FastSettings;
        var h = new CategoryHyperParameters(hashBits, f.L1, f.L2, f.ClassWeightExponent, options.CorpusWeight, f.ConfidenceWeighting);
        const int C = ReflectiveTaxonomy.CategoryCount;
        string key = string.Create(CultureInfo.InvariantCulture, $"oof-{options.Folds}-{options.Seed}-{data.Train.Count}-{Fingerprint(data.Train)}-{h}");
        string? file = cachePath is null ? null : Path.Combine(cachePath, $"oof-{Fingerprint(key)}.bin");
        string LayerFile(int k) => Path.ChangeExtension(file!, $"fold{k}.ramodel");
        int n = data.Train.Count;
        if (file is not null && File.Exists(file) && new FileInfo(file).Length == (long)n * C * sizeof(float)
            && Enumerable.Range(0, options.Folds).All(k => File.Exists(LayerFile(k))))
        {
            byte[] bytes = File.ReadAllBytes(file);
            log($"out-of-fold fast probabilities and fold layers: read from {file}");
            float[][] cached = [.. Enumerable.Range(0, n).Select(i => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * C * sizeof(float), C * sizeof(float))).ToArray())];
            return (cached, [.. Enumerable.Range(0, options.Folds).Select(k => ReflectionModel.Load(LayerFile(k)).CategoryLayer!)]);
        }
        var result = new float[n][];
        var layers = new LinearLayer[options.Folds];
        int[] fold = [.. data.Train.Select((e, i) => FoldOf(e, i, options.Folds))];
        for (int k = 0; k < options.Folds; k++)
        {
            var t = Stopwatch.StartNew();
            List<SparseExample> inFold = [.. data.Train.Where((_, i) => fold[i] != k)];
            var foldData = new ModelTrainer.Featurised(inFold, data.Val, 0, "");
            layers[k] = ModelTrainer.TrainCategoryLayer(new MLContext(options.Seed), foldData, h, out _);
            ReflectionModel foldModel = ModelTrainer.Build(lexicon, hashBits, "fold", "", [layers[k]]);
            for (int i = 0; i < n; i++)
            {
                if (fold[i] == k)
                {
                    result[i] = FastProbabilities(foldModel, data.Train[i]);
                }
            }
            if (file is not null)
            {
                Directory.CreateDirectory(cachePath!);
                using FileStream layerFile = File.Create(LayerFile(k));
                foldModel.Save(layerFile);
            }
            log(FormattableString.Invariant($"out-of-fold fast probabilities: fold {k + 1}/{options.Folds} ({inFold.Count} training sentences, {t.Elapsed.TotalSeconds:F0} s)"));
        }
        if (file is not null)
        {
            using FileStream stream = File.Create(file);
            foreach (float[] p in result)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.AsSpan()));
            }
        }
        return (result, layers);
    }

    /// <summary>
    /// The depth layer for the accurate tier. The head moves probability mass between categories, so the depth signals
    /// it yields differ from the fast tier's: the corpus train documents are measured with cross-fitted accurate models
    /// (for a document in fold k: the fast layer of fold k, a criteria layer and a head trained without that fold's
    /// documents) and the depth layer refitted on them as the fast tier's is. The refit is kept only when its
    /// cross-validated score error beats the fast depth layer applied unchanged to the same signals.
    /// </summary>
    internal static (LinearLayer Layer, string Summary) FitDepth(ReflectionModel fast, ISentenceEncoder encoder, Stacked stacked, LinearLayer[] foldLayers,
        IReadOnlyList<CorpusDocument> corpusTrain, AccurateHyperParameters chosen, double temperature, AccurateTrainingOptions options, Action<string> log)
    {
        int hashBits = fast.Contents.HashBits;
        int folds = foldLayers.Length;
        var crossFitted = new List<(CorpusDocument Document, ReflectionModel Model)>();
        for (int k = 0; k < folds; k++)
        {
            List<CorpusDocument> held = [.. corpusTrain.Where(d => FoldOfDocument(d.Id, folds) == k)];
            if (held.Count == 0)
            {
                continue;
            }
            var heldIds = held.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var keep = Enumerable.Range(0, stacked.Train.Count).Where(i => stacked.Train[i].DocumentId is not { } id || !heldIds.Contains(id)).ToList();
            var foldStacked = new Stacked([.. keep.Select(i => stacked.Train[i])], [.. keep.Select(i => stacked.TrainFast[i])], stacked.Val, stacked.ValFast);
            TrainHead(new MLContext(options.Seed), foldStacked, encoder.Dimension, chosen, out var trainedHead);
            LinearLayer foldHead = ExportHead(trainedHead.Model, encoder.Dimension, chosen.EmbeddingScale, temperature);
            var featurizer = new ExampleFeaturizer(new FeatureExtractor(fast.Lexicon, hashBits));
            List<SparseExample> paragraphs = featurizer.CorpusParagraphs(corpusTrain.Where(d => !heldIds.Contains(d.Id)));
            (LinearLayer foldCriteria, _) = MlNetLayers.TrainCriteria(new MLContext(options.Seed), paragraphs, 1 << hashBits, options.FastSettings.CriteriaL1, options.FastSettings.CriteriaL2);
            var foldModel = new ReflectionModel(new ModelContents(ModelName, "fold", "", FeatureExtractor.FeatureSetVersion, hashBits, fast.Lexicon, [foldLayers[k], foldCriteria, foldHead])
            {
                Encoder = new SentenceEncoderInfo(encoder.Name, encoder.Dimension),
            });
            crossFitted.AddRange(held.Select(d => (d, foldModel)));
            log($"depth: fold {k + 1}/{folds}: head and criteria layer trained without {held.Count} corpus train documents");
        }
        DepthFit fit = DepthCalibrator.Fit(crossFitted, log, encoder, fast.DepthLayer);
        bool refit = fast.DepthLayer is null || fit.CrossValidatedRmse < fit.ReferenceRmse;
        string summary = refit
            ? FormattableString.Invariant($"Depth: refitted on the signals of {crossFitted.Count} corpus train documents measured with {folds}-fold cross-fitted accurate models (CV RMSE {fit.CrossValidatedRmse:F1} points; {fast.Name} {fast.Version}'s depth layer on the same signals: {fit.ReferenceRmse:F1}).")
            : FormattableString.Invariant($"Depth: {fast.Name} {fast.Version}'s depth layer (refitting on cross-fitted accurate signals gave CV RMSE {fit.CrossValidatedRmse:F1} points against its {fit.ReferenceRmse:F1}).");
        log(summary);
        return (refit ? fit.Layer : fast.DepthLayer!, summary);
    }

    private static string Fingerprint(IEnumerable<SparseExample> examples) =>
        Fingerprint(string.Join('\n', examples.Select(e => FormattableString.Invariant($"{e.Source}|{e.Label}|{e.Weight}|{e.Indices.Length}"))));

    private static string Fingerprint(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The head's ML.NET row: the fast log-probabilities, then the embeddings times <paramref name="scale"/>.</summary>
    internal static MlNetLayers.CategoryRow ToRow(SparseExample e, float[] fastProbabilities, float scale)
    {
        const int C = ReflectiveTaxonomy.CategoryCount;
        var values = new float[C + e.Dense.Length];
        EmbeddingFeatures.LogProbabilities(fastProbabilities, values);
        for (int i = 0; i < e.Dense.Length; i++)
        {
            values[C + i] = e.Dense[i] * scale;
        }
        return new MlNetLayers.CategoryRow { Features = new VBuffer<float>(values.Length, values), Label = (uint)e.Label, Weight = e.Weight };
    }

    internal static LinearLayer TrainHead(MLContext ml, Stacked data, int encoderDimension, AccurateHyperParameters h,
        out MulticlassPredictionTransformer<MaximumEntropyModelParameters> trained)
    {
        int inputs = ReflectionModel.HeadInputCount(encoderDimension);
        var rows = new List<MlNetLayers.CategoryRow>();
        var counts = new int[ReflectiveTaxonomy.CategoryCount];
        foreach (SparseExample e in data.Train)
        {
            counts[e.Label]++;
        }
        double n = data.Train.Count;
        double[] classWeight = [.. counts.Select(c => c == 0 ? 0 : Math.Pow(n / (ReflectiveTaxonomy.CategoryCount * c), h.ClassWeightExponent))];
        for (int i = 0; i < data.Train.Count; i++)
        {
            SparseExample e = data.Train[i];
            if (!e.IsHeading) // the analyzer never asks the head about a heading
            {
                rows.Add(ToRow(e with { Weight = (float)(e.Weight * classWeight[e.Label]) }, data.TrainFast[i], h.EmbeddingScale));
            }
        }
        IDataView view = ml.Data.LoadFromEnumerable(rows, MlNetLayers.CategorySchema(inputs));
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(MlNetLayers.CategoryRow.Label),
            FeatureColumnName = nameof(MlNetLayers.CategoryRow.Features),
            ExampleWeightColumnName = nameof(MlNetLayers.CategoryRow.Weight),
            L1Regularization = h.L1,
            L2Regularization = h.L2,
            OptimizationTolerance = 1e-7f,
            MaximumNumberOfIterations = 1000,
            HistorySize = 20,
            NumberOfThreads = 1,
        });
        trained = trainer.Fit(view);
        return ExportHead(trained.Model, encoderDimension, h.EmbeddingScale, 1);
    }

    /// <summary>The trained head as the core's softmax layer, the training scale of the embeddings and the temperature folded in.</summary>
    internal static LinearLayer ExportHead(MaximumEntropyModelParameters model, int encoderDimension, float scale, double temperature)
    {
        int inputs = ReflectionModel.HeadInputCount(encoderDimension);
        LinearLayer all = MlNetLayers.ExportCategories(model, inputs, temperature);
        float[] weights = (float[])all.Weights.Clone();
        int labels = all.OutputCount;
        for (int i = ReflectiveTaxonomy.CategoryCount * labels; i < weights.Length; i++)
        {
            weights[i] *= scale;
        }
        return new LinearLayer(ReflectionModel.CategoryHeadName, Activation.Softmax, all.Labels, inputs, all.Bias, weights);
    }

    internal static ReflectionModel Build(ReflectionModel fast, ISentenceEncoder encoder, LinearLayer head, string version, string description, LinearLayer? criteriaHead = null)
    {
        List<LinearLayer> layers = [.. fast.Contents.Layers, head];
        if (criteriaHead is not null)
        {
            layers.Add(criteriaHead);
        }
        return new ReflectionModel(new ModelContents(ModelName, version, description, FeatureExtractor.FeatureSetVersion, fast.Contents.HashBits, fast.Lexicon, [.. layers])
        {
            Encoder = new SentenceEncoderInfo(encoder.Name, encoder.Dimension),
        });
    }

    /// <summary>The temperature (0.5-4) that minimises the head's negative log-likelihood on <paramref name="val"/>.</summary>
    internal static double FitTemperature(ReflectionModel model, IReadOnlyList<SparseExample> val)
    {
        LinearLayer head = model.CategoryHead!;
        var logits = new List<(double[] Scores, int Label)>();
        foreach (SparseExample e in val.Where(e => !e.IsHeading))
        {
            // The head's scores before its softmax: log of the head's probabilities, up to a constant per sentence.
            var p = new float[ReflectiveTaxonomy.CategoryCount];
            model.CategoryLayer!.Evaluate(e.Indices, e.Values, p);
            EmbeddingFeatures.EvaluateHead(head, p, e.Dense, p);
            logits.Add(([.. p.Select(x => Math.Log(Math.Max(x, 1e-30)))], e.Label));
        }
        double bestT = 1, bestLoss = double.MaxValue;
        for (double t = 0.5; t <= 4.0001; t += 0.05)
        {
            double loss = 0;
            foreach ((double[] s, int label) in logits)
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

    private static IEnumerable<AccurateHyperParameters> Grid()
    {
        // Second round, around the first round's best (embedding scale 1 and 3 x L2 0.3 and 3 x class-weight exponent
        // 0 and 0.5; see docs/model-card.md): scale 1, L2 and the exponent refined.
        foreach (float l2 in new[] { 0.1f, 0.3f, 1f })
        {
            foreach (double exponent in new[] { 0.25, 0.5, 0.75 })
            {
                yield return new AccurateHyperParameters(1f, 0f, l2, exponent);
            }
        }
    }
}

/// <summary>Hyper-parameters of the accurate tier's head.</summary>
internal sealed record AccurateHyperParameters(float EmbeddingScale, float L1, float L2, double ClassWeightExponent)
{
    public override string ToString() =>
        FormattableString.Invariant($"embeddingScale={EmbeddingScale} L1={L1} L2={L2} classWeightExponent={ClassWeightExponent}");
}
