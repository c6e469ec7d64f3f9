using ReflectiveAnalysis.Embeddings;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>
/// MiniLM-L6 (BERT: 6 layers, hidden 384, 12 heads, FFN 1536, GELU, LayerNorm eps 1e-12) written with TorchSharp
/// tensors, its weights read from (and writable back to) the package's ONNX graph. Dense weights keep ONNX's
/// [in, out] layout (x @ W + b), so every parameter is byte-compatible with its ONNX initializer.
/// </summary>
internal sealed class MiniLmModel
{
    public const int Hidden = 384, Heads = 12, HeadSize = 32, Layers = 6;
    private const double LayerNormEps = 1e-12;

    private readonly Dictionary<string, Parameter> _parameters;

    private MiniLmModel(Dictionary<string, Parameter> parameters, IReadOnlyDictionary<string, OnnxInitializer> sources)
    {
        _parameters = parameters;
        Sources = sources;
    }

    /// <summary>Parameter name (BERT's) → the ONNX initializer it came from.</summary>
    public IReadOnlyDictionary<string, OnnxInitializer> Sources { get; }

    /// <summary>All parameters by BERT name (the pooler is not used by sentence-transformers and not loaded).</summary>
    public IReadOnlyDictionary<string, Parameter> Parameters => _parameters;

    public Parameter this[string name] => _parameters[name];

    /// <summary>
    /// Loads the encoder's weights from an ONNX model. Anonymous MatMul weights are named after the bias added to
    /// their product (<c>X.bias</c> → <c>X.weight</c>), found from the graph's nodes.
    /// </summary>
    public static MiniLmModel FromOnnx(byte[] model, OnnxModelReader graph)
    {
        var byName = new Dictionary<string, OnnxInitializer>();
        foreach (var init in graph.Initializers)
        {
            byName.TryAdd(init.Name, init);
        }
        var sources = new Dictionary<string, OnnxInitializer>();
        foreach (var init in byName.Values)
        {
            if (init.DataType == 1 && !init.Name.StartsWith("pooler.", StringComparison.Ordinal) && init.Name.Contains('.', StringComparison.Ordinal))
            {
                sources[init.Name] = init;
            }
        }
        var consumers = graph.Nodes.SelectMany(n => n.Inputs.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
        foreach (var matMul in graph.Nodes.Where(n => n.OpType == "MatMul"))
        {
            string? weight = matMul.Inputs.FirstOrDefault(i => byName.TryGetValue(i, out var w) && w.DataType == 1);
            if (weight is null)
            {
                continue;
            }
            var add = consumers[matMul.Outputs[0]].Single(n => n.OpType == "Add");
            string bias = add.Inputs.Single(i => i.EndsWith(".bias", StringComparison.Ordinal));
            sources.Add(bias[..^".bias".Length] + ".weight", byName[weight]);
        }
        var parameters = new Dictionary<string, Parameter>();
        foreach (var (name, init) in sources)
        {
            var values = new float[init.ElementCount];
            Buffer.BlockCopy(model, init.RawOffset, values, 0, init.RawLength);
            parameters[name] = new Parameter(torch.tensor(values, init.Dims), requires_grad: true);
        }
        var result = new MiniLmModel(parameters, sources);
        result.CheckShapes();
        return result;
    }

    private void CheckShapes()
    {
        Expect("embeddings.word_embeddings.weight", 30522, Hidden);
        Expect("embeddings.position_embeddings.weight", 512, Hidden);
        for (int l = 0; l < Layers; l++)
        {
            foreach (string part in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                Expect($"encoder.layer.{l}.{part}.weight", Hidden, Hidden);
            }
            Expect($"encoder.layer.{l}.intermediate.dense.weight", Hidden, 4 * Hidden);
            Expect($"encoder.layer.{l}.output.dense.weight", 4 * Hidden, Hidden);
        }
        void Expect(string name, long rows, long columns)
        {
            if (!_parameters.TryGetValue(name, out var p) || p.shape[0] != rows || p.shape[1] != columns)
            {
                throw new InvalidDataException($"The ONNX graph gives no {rows}x{columns} tensor for {name}.");
            }
        }
    }

    /// <summary>Token embeddings of the last layer, [batch, tokens, 384].</summary>
    /// <param name="ids">Word-piece ids, [batch, tokens] int64.</param>
    /// <param name="mask">1 for real tokens, 0 for padding, [batch, tokens] float32.</param>
    /// <param name="dropout">Dropout probability (0 at inference).</param>
    /// <param name="firstTrainableLayer">Layers below it run without gradient (their output is treated as fixed).</param>
    public Tensor Encode(Tensor ids, Tensor mask, double dropout, int firstTrainableLayer = 0)
    {
        Tensor x;
        using (firstTrainableLayer > 0 ? torch.no_grad() : null)
        {
            x = Embed(ids, dropout);
            for (int l = 0; l < firstTrainableLayer; l++)
            {
                x = Layer(l, x, mask, dropout);
            }
        }
        return EncodeFrom(x, mask, dropout, firstTrainableLayer);
    }

    /// <summary>Runs layers <paramref name="firstLayer"/>..5 over hidden states of the layer before.</summary>
    public Tensor EncodeFrom(Tensor hidden, Tensor mask, double dropout, int firstLayer)
    {
        Tensor x = hidden;
        for (int l = firstLayer; l < Layers; l++)
        {
            x = Layer(l, x, mask, dropout);
        }
        return x;
    }

    public Tensor Embed(Tensor ids, double dropout)
    {
        long tokens = ids.shape[1];
        var positions = torch.arange(tokens, ScalarType.Int64);
        var x = this["embeddings.word_embeddings.weight"].index_select(0, ids.flatten()).view(ids.shape[0], tokens, Hidden)
            + this["embeddings.position_embeddings.weight"].index_select(0, positions).unsqueeze(0)
            + this["embeddings.token_type_embeddings.weight"][0];
        x = Norm(x, "embeddings.LayerNorm");
        return Dropout(x, dropout);
    }

    public Tensor Layer(int l, Tensor x, Tensor mask, double dropout)
    {
        string p = $"encoder.layer.{l}.";
        long batch = x.shape[0], tokens = x.shape[1];
        Tensor Heads_(Tensor t) => t.view(batch, tokens, Heads, HeadSize).transpose(1, 2);
        var q = Heads_(Dense(x, p + "attention.self.query"));
        var k = Heads_(Dense(x, p + "attention.self.key"));
        var v = Heads_(Dense(x, p + "attention.self.value"));
        var scores = q.matmul(k.transpose(2, 3)) / Math.Sqrt(HeadSize) + ((1 - mask) * -10000f).view(batch, 1, 1, tokens);
        var attention = Dropout(scores.softmax(-1), dropout);
        var context = attention.matmul(v).transpose(1, 2).contiguous().view(batch, tokens, Hidden);
        var attended = Norm(x + Dropout(Dense(context, p + "attention.output.dense"), dropout), p + "attention.output.LayerNorm");
        var inner = torch.nn.functional.gelu(Dense(attended, p + "intermediate.dense"));
        return Norm(attended + Dropout(Dense(inner, p + "output.dense"), dropout), p + "output.LayerNorm");
    }

    /// <summary>Mean of the real tokens' embeddings, [batch, 384].</summary>
    public static Tensor MeanPool(Tensor hidden, Tensor mask)
    {
        var m = mask.unsqueeze(-1);
        return (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9);
    }

    private Tensor Dense(Tensor x, string name) => x.matmul(this[name + ".weight"]) + this[name + ".bias"];

    private Tensor Norm(Tensor x, string name) =>
        torch.nn.functional.layer_norm(x, [Hidden], this[name + ".weight"], this[name + ".bias"], LayerNormEps);

    private static Tensor Dropout(Tensor x, double p) => p > 0 ? torch.nn.functional.dropout(x, p, training: true) : x;

    /// <summary>A parameter's current values as floats (ONNX layout).</summary>
    public float[] Values(string name) => this[name].detach().contiguous().data<float>().ToArray();
}
