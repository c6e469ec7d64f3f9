using System.Diagnostics;
using System.Globalization;
using ReflectiveAnalysis.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>
/// Settings of one fine-tuning run. The defaults are the shipped encoder's (reflective-minilm-l6 1.0.0): the anchor
/// recipe of the issue (5 epochs, lr 5e-5, mean pooling, linear head), batch 16, with the corpus train split added.
/// </summary>
internal sealed record FineTuneOptions
{
    public int Epochs { get; init; } = 5;
    public double LearningRate { get; init; } = 5e-5;
    public double HeadLearningRate { get; init; } = 5e-5;
    public double WeightDecay { get; init; } = 0.01;
    public double WarmupFraction { get; init; } = 0.1;
    public int BatchSize { get; init; } = 16;
    public int MaxPieces { get; init; } = 128;
    public double Dropout { get; init; } = 0.1;
    public int Seed { get; init; } = 13;
    /// <summary>Keep the word-piece embedding table (11.7M of 22.7M weights) fixed.</summary>
    public bool FreezeWordEmbeddings { get; init; } = true;
    /// <summary>Layers below this one (and the embeddings) are frozen; their outputs are computed once and cached.</summary>
    public int FirstTrainableLayer { get; init; }
    /// <summary>Add the corpus train split (document ids not multiples of 5) to CEReD train.</summary>
    public bool AddCorpusTrain { get; init; } = true;
    /// <summary>
    /// Loss weight of each corpus sentence (a CEReD sentence weighs 1): the batch loss is the mean of weight × cross-entropy.
    /// 1 (the default) is the plain mean the shipped encoder was trained with.
    /// </summary>
    public double CorpusWeight { get; init; } = 1;
    /// <summary>
    /// Give the corpus sentences their own linear head (the encoder is shared): CEReD sentences train and are scored by
    /// the first head, corpus sentences train the second. Off in the shipped recipe.
    /// </summary>
    public bool CorpusHead { get; init; }
    /// <summary>
    /// Experiment only: relabel the corpus train split's experience sentences that have no first-person word as other,
    /// roughly CEReD's convention (its annotators label plain descriptions of other people and settings other).
    /// </summary>
    public bool CorpusOtherRule { get; init; }
    /// <summary>Use only the first N training sentences (timing runs); 0 = all.</summary>
    public int TrainLimit { get; init; }
    /// <summary>Stop each epoch after N steps (timing runs); 0 = all.</summary>
    public int MaxStepsPerEpoch { get; init; }

    /// <summary>
    /// The options as the run's log (and so the packaged encoder's description) records them. Options added after the
    /// shipped encoder (corpus weight, corpus head, the other rule) are left out at their defaults, so the text is the one
    /// written before they existed and the shipped recipe still packages the same bytes. (Each is removed with the ", "
    /// that follows it, so none of them may become the record's last property.)
    /// </summary>
    public string Describe()
    {
        string text = CorpusWeight == 1 ? ToString().Replace(", CorpusWeight = 1,", ",", StringComparison.Ordinal) : ToString();
        text = CorpusHead ? text : text.Replace(" CorpusHead = False,", "", StringComparison.Ordinal);
        return CorpusOtherRule ? text : text.Replace(" CorpusOtherRule = False,", "", StringComparison.Ordinal);
    }

    public static FineTuneOptions Parse(IEnumerable<string> args)
    {
        var o = new FineTuneOptions();
        foreach (string arg in args)
        {
            string[] kv = arg.Split('=', 2);
            string v = kv.Length > 1 ? kv[1] : "true";
            var ci = CultureInfo.InvariantCulture;
            o = kv[0] switch
            {
                "epochs" => o with { Epochs = int.Parse(v, ci) },
                "lr" => o with { LearningRate = double.Parse(v, ci) },
                "head-lr" => o with { HeadLearningRate = double.Parse(v, ci) },
                "wd" => o with { WeightDecay = double.Parse(v, ci) },
                "warmup" => o with { WarmupFraction = double.Parse(v, ci) },
                "batch" => o with { BatchSize = int.Parse(v, ci) },
                "max-pieces" => o with { MaxPieces = int.Parse(v, ci) },
                "dropout" => o with { Dropout = double.Parse(v, ci) },
                "seed" => o with { Seed = int.Parse(v, ci) },
                "freeze-words" => o with { FreezeWordEmbeddings = bool.Parse(v) },
                "first-layer" => o with { FirstTrainableLayer = int.Parse(v, ci) },
                "corpus" => o with { AddCorpusTrain = bool.Parse(v) },
                "corpus-weight" => o with { CorpusWeight = double.Parse(v, ci) is var w && w > 0 && double.IsFinite(w) ? w : throw new ArgumentException($"corpus-weight must be a finite number above 0, not '{v}'.") },
                "corpus-head" => o with { CorpusHead = bool.Parse(v) },
                "corpus-other-rule" => o with { CorpusOtherRule = bool.Parse(v) },
                "limit" => o with { TrainLimit = int.Parse(v, ci) },
                "max-steps" => o with { MaxStepsPerEpoch = int.Parse(v, ci) },
                _ => throw new ArgumentException($"Unknown option '{kv[0]}'."),
            };
        }
        return o;
    }
}

/// <summary>One labelled training or validation sentence as word pieces.</summary>
internal sealed record PieceExample(string Id, long[] Pieces, int Label, float Weight = 1f)
{
    /// <summary>The id prefix of the corpus train split's sentences (CEReD ones start with <c>cered-</c>).</summary>
    public const string CorpusPrefix = "corpus:";

    /// <summary>Whether the sentence comes from the project's corpus (and so trains the corpus head, when there is one).</summary>
    public bool IsCorpus => Id.StartsWith(CorpusPrefix, StringComparison.Ordinal);
}

/// <summary>Fine-tunes MiniLM-L6 with a mean-pooling + linear 9-class head on CEReD train (and optionally the corpus train split).</summary>
internal sealed class FineTuner
{
    public const int Classes = 9;
    private readonly FineTuneOptions _o;
    private readonly TextWriter _log;
    /// <summary>The corpus head while <see cref="Train"/> runs with <see cref="FineTuneOptions.CorpusHead"/>: corpus examples are scored by it.</summary>
    private (Tensor Weight, Tensor Bias)? _corpusHead;

    public FineTuner(FineTuneOptions options, TextWriter log)
    {
        _o = options;
        _log = log;
    }

    public static List<PieceExample> CeredExamples(WordPieces pieces, IEnumerable<CeredRecord> records, string split, int maxPieces) =>
        [.. records.Select(r => new PieceExample($"cered-{split}:{r.Id}", pieces.Ids(r.Sentence, maxPieces), (int)r.Category))];

    /// <summary>The corpus train split's gold sentences (documents whose id number is not a multiple of 5 and not marked test).</summary>
    public static List<PieceExample> CorpusTrainExamples(WordPieces pieces, string documentsFolder, int maxPieces, float weight = 1f, bool otherRule = false)
    {
        var result = new List<PieceExample>();
        foreach (CorpusDocument document in CorpusReader.ReadFolder(documentsFolder))
        {
            int number = int.Parse(new string([.. document.Id.Where(char.IsDigit)]), CultureInfo.InvariantCulture);
            if (document.IsTest || number % 5 == 0)
            {
                continue;
            }
            foreach (var paragraph in document.Paragraphs)
            {
                foreach (var sentence in paragraph.Sentences)
                {
                    string text = document.Text.Substring(sentence.Start, sentence.Length);
                    var category = otherRule && sentence.Category == ReflectiveCategory.Experience && !HasFirstPerson(text) ? ReflectiveCategory.Other : sentence.Category;
                    result.Add(new PieceExample($"{PieceExample.CorpusPrefix}{document.Id}:{sentence.Start}", pieces.Ids(text, maxPieces), (int)category, weight));
                }
            }
        }
        return result;
    }

    private static readonly System.Text.RegularExpressions.Regex s_firstPerson = new(@"\b(i|me|my|mine|myself|we|us|our|ours)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    /// <summary>Whether the sentence has a first-person word (the corpus-other-rule experiment's test).</summary>
    public static bool HasFirstPerson(string sentence) => s_firstPerson.IsMatch(sentence);

    public sealed record EpochResult(int Epoch, double TrainLoss, double Seconds, double Accuracy, double MacroF1, float[][] ValLogProbs);

    /// <summary>Trains; after each epoch scores <paramref name="val"/> and reports it through <paramref name="onEpoch"/>.</summary>
    public (MiniLmModel Model, Parameter HeadWeight, Parameter HeadBias, Parameter? CorpusHeadWeight, Parameter? CorpusHeadBias) Train(MiniLmModel model, List<PieceExample> train, List<PieceExample> val, Action<EpochResult> onEpoch)
    {
        torch.manual_seed(_o.Seed);
        var random = new Random(_o.Seed);
        if (_o.TrainLimit > 0)
        {
            train = [.. train.OrderBy(_ => random.Next()).Take(_o.TrainLimit)];
        }
        var headWeight = new Parameter(torch.randn(MiniLmModel.Hidden, Classes) * 0.02f, requires_grad: true);
        var headBias = new Parameter(torch.zeros(Classes), requires_grad: true);
        Parameter? corpusWeight = _o.CorpusHead ? new Parameter(torch.randn(MiniLmModel.Hidden, Classes) * 0.02f, requires_grad: true) : null;
        Parameter? corpusBias = _o.CorpusHead ? new Parameter(torch.zeros(Classes), requires_grad: true) : null;
        _corpusHead = corpusWeight is null ? null : (corpusWeight, corpusBias!);
        var heads = corpusWeight is null ? new List<Parameter> { headWeight, headBias } : [headWeight, headBias, corpusWeight, corpusBias!];
        var trainable = new List<Parameter>();
        foreach (var (name, p) in model.Parameters)
        {
            bool frozen = (name == "embeddings.word_embeddings.weight" && _o.FreezeWordEmbeddings)
                || (_o.FirstTrainableLayer > 0 && (name.StartsWith("embeddings.", StringComparison.Ordinal) || LayerOf(name) < _o.FirstTrainableLayer));
            p.requires_grad = !frozen;
            if (!frozen)
            {
                trainable.Add(p);
            }
        }
        var groups = new List<AdamW.ParamGroup>
        {
            new(trainable, new AdamW.Options { LearningRate = _o.LearningRate, weight_decay = _o.WeightDecay }),
            new(heads, new AdamW.Options { LearningRate = _o.HeadLearningRate, weight_decay = _o.WeightDecay }),
        };
        var optimizer = torch.optim.AdamW(groups, _o.LearningRate, weight_decay: _o.WeightDecay);
        var baseRates = new[] { _o.LearningRate, _o.HeadLearningRate };
        _log.WriteLine($"trainable encoder tensors {trainable.Count}, weights {trainable.Sum(p => p.numel()):N0}; train {train.Count}, val {val.Count}");

        Dictionary<string, Tensor>? cache = null;
        if (_o.FirstTrainableLayer > 0)
        {
            var watch = Stopwatch.StartNew();
            cache = CacheLowerLayers(model, train.Concat(val).ToList());
            _log.WriteLine($"cached layers below {_o.FirstTrainableLayer} for {cache.Count} sentences in {watch.Elapsed.TotalSeconds:F0} s");
        }

        int stepsPerEpoch = (train.Count + _o.BatchSize - 1) / _o.BatchSize;
        if (_o.MaxStepsPerEpoch > 0)
        {
            stepsPerEpoch = Math.Min(stepsPerEpoch, _o.MaxStepsPerEpoch);
        }
        int totalSteps = stepsPerEpoch * _o.Epochs, warmup = (int)Math.Round(totalSteps * _o.WarmupFraction), step = 0;
        var all = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= _o.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var batches = Batches(train, random).Take(stepsPerEpoch).ToList();
            double lossSum = 0;
            int seen = 0;
            for (int b = 0; b < batches.Count; b++)
            {
                step++;
                double scale = step <= warmup ? (double)step / Math.Max(1, warmup) : Math.Max(0, (double)(totalSteps - step) / Math.Max(1, totalSteps - warmup));
                for (int g = 0; g < optimizer.ParamGroups.Count(); g++)
                {
                    optimizer.ParamGroups.ElementAt(g).LearningRate = baseRates[g] * scale;
                }
                using var scope = torch.NewDisposeScope();
                var batch = batches[b];
                var logits = Logits(model, headWeight, headBias, batch, cache, _o.Dropout);
                var labels = torch.tensor(batch.Select(e => (long)e.Label).ToArray());
                // Unweighted batches keep the plain mean (bit for bit the loss the shipped encoder was trained with).
                var loss = batch.All(e => e.Weight == 1f)
                    ? torch.nn.functional.cross_entropy(logits, labels)
                    : (torch.nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None) * torch.tensor(batch.Select(e => e.Weight).ToArray())).mean();
                optimizer.zero_grad();
                loss.backward();
                torch.nn.utils.clip_grad_norm_(trainable.Concat(heads), 1.0);
                optimizer.step();
                lossSum += loss.item<float>() * batch.Count;
                seen += batch.Count;
                if (b % 20 == 19 || b == batches.Count - 1)
                {
                    _log.WriteLine($"  epoch {epoch} step {b + 1}/{batches.Count} loss {lossSum / seen:F4} {seen / watch.Elapsed.TotalSeconds:F1} sent/s elapsed {all.Elapsed.TotalMinutes:F1} min");
                    _log.Flush();
                }
            }
            double seconds = watch.Elapsed.TotalSeconds;
            float[][] logProbs = Predict(model, headWeight, headBias, val, cache);
            var metrics = Score(val, logProbs);
            var result = new EpochResult(epoch, lossSum / Math.Max(1, seen), seconds, metrics.Accuracy, metrics.MacroF1, logProbs);
            _log.WriteLine($"epoch {epoch}: train loss {result.TrainLoss:F4}, {seconds:F0} s train; val acc {metrics.Accuracy:P2} macro-F1 {metrics.MacroF1:F4}");
            _log.Flush();
            onEpoch(result);
        }
        return (model, headWeight, headBias, corpusWeight, corpusBias);
    }

    public static ClassificationMetrics Score(IReadOnlyList<PieceExample> val, float[][] logProbs) =>
        new("fine (9 categories)", [.. Enum.GetValues<ReflectiveCategory>().Select(ReflectiveTaxonomy.ToName)],
            [.. val.Select(e => e.Label)], [.. logProbs.Select(ArgMax)]);

    public static int ArgMax(float[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Log-probabilities of each example (inference: no dropout), in <paramref name="examples"/>' order.</summary>
    public float[][] Predict(MiniLmModel model, Tensor headWeight, Tensor headBias, IReadOnlyList<PieceExample> examples, Dictionary<string, Tensor>? cache = null)
    {
        var result = new float[examples.Count][];
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Pieces.Length).ToArray();
        using var _ = torch.no_grad();
        for (int first = 0; first < order.Length; first += 64)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = order.Skip(first).Take(64).ToArray();
            var logits = Logits(model, headWeight, headBias, [.. chunk.Select(i => examples[i])], cache, 0);
            float[] values = logits.log_softmax(1).data<float>().ToArray();
            for (int i = 0; i < chunk.Length; i++)
            {
                result[chunk[i]] = values.AsSpan(i * Classes, Classes).ToArray();
            }
        }
        return result;
    }

    private Tensor Logits(MiniLmModel model, Tensor headWeight, Tensor headBias, IReadOnlyList<PieceExample> batch, Dictionary<string, Tensor>? cache, double dropout)
    {
        var (ids, mask) = WordPieces.Batch([.. batch.Select(e => e.Pieces)]);
        Tensor hidden;
        if (cache is not null)
        {
            long longest = ids.shape[1];
            var padded = batch.Select(e => torch.nn.functional.pad(cache[e.Id], [0, 0, 0, longest - cache[e.Id].shape[0]])).ToArray();
            hidden = model.EncodeFrom(torch.stack(padded), mask, dropout, _o.FirstTrainableLayer);
        }
        else
        {
            hidden = model.Encode(ids, mask, dropout);
        }
        var pooled = MiniLmModel.MeanPool(hidden, mask);
        if (dropout > 0)
        {
            pooled = torch.nn.functional.dropout(pooled, dropout, training: true);
        }
        var logits = pooled.matmul(headWeight) + headBias;
        if (_corpusHead is { } corpus && batch.Any(e => e.IsCorpus))
        {
            var isCorpus = torch.tensor(batch.Select(e => e.IsCorpus).ToArray()).view(-1, 1);
            logits = torch.where(isCorpus, pooled.matmul(corpus.Weight) + corpus.Bias, logits);
        }
        return logits;
    }

    private Dictionary<string, Tensor> CacheLowerLayers(MiniLmModel model, List<PieceExample> examples)
    {
        var cache = new Dictionary<string, Tensor>();
        using var _ = torch.no_grad();
        foreach (var chunk in examples.DistinctBy(e => e.Id).OrderBy(e => e.Pieces.Length).Chunk(64))
        {
            var (ids, mask) = WordPieces.Batch([.. chunk.Select(e => e.Pieces)]);
            Tensor x = model.Embed(ids, 0);
            for (int l = 0; l < _o.FirstTrainableLayer; l++)
            {
                x = model.Layer(l, x, mask, 0);
            }
            for (int i = 0; i < chunk.Length; i++)
            {
                cache[chunk[i].Id] = x[i, ..chunk[i].Pieces.Length].clone().DetachFromDisposeScope();
            }
        }
        return cache;
    }

    /// <summary>Shuffled batches of similar length: shuffle, sort within windows of 50 batches, shuffle the batches.</summary>
    private IEnumerable<List<PieceExample>> Batches(List<PieceExample> train, Random random)
    {
        var shuffled = train.OrderBy(_ => random.Next()).ToList();
        var batches = new List<List<PieceExample>>();
        foreach (var window in shuffled.Chunk(_o.BatchSize * 50))
        {
            batches.AddRange(window.OrderBy(e => e.Pieces.Length).Chunk(_o.BatchSize).Select(c => c.ToList()));
        }
        return batches.OrderBy(_ => random.Next());
    }

    private static int LayerOf(string name)
    {
        const string prefix = "encoder.layer.";
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length] - '0' : int.MaxValue;
    }
}
