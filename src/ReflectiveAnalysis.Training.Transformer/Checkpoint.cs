using TorchSharp.Modules;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>Fine-tuned weights as a plain file: per tensor its name, element count and float32 values (ONNX layout).</summary>
internal static class Checkpoint
{
    public const string HeadWeight = "head.weight", HeadBias = "head.bias";
    public const string CorpusHeadWeight = "corpus-head.weight", CorpusHeadBias = "corpus-head.bias";

    public static void Save(string path, MiniLmModel model, Parameter headWeight, Parameter headBias, bool includeWordEmbeddings, Parameter? corpusHeadWeight = null, Parameter? corpusHeadBias = null)
    {
        using var writer = new BinaryWriter(File.Create(path));
        var tensors = model.Parameters.Keys.Where(n => includeWordEmbeddings || n != "embeddings.word_embeddings.weight")
            .Order(StringComparer.Ordinal).Select(n => (n, model.Values(n)))
            .Append((HeadWeight, headWeight.detach().contiguous().data<float>().ToArray()))
            .Append((HeadBias, headBias.detach().contiguous().data<float>().ToArray())).ToList();
        if (corpusHeadWeight is not null && corpusHeadBias is not null)
        {
            tensors.Add((CorpusHeadWeight, corpusHeadWeight.detach().contiguous().data<float>().ToArray()));
            tensors.Add((CorpusHeadBias, corpusHeadBias.detach().contiguous().data<float>().ToArray()));
        }
        writer.Write(tensors.Count);
        foreach (var (name, values) in tensors)
        {
            writer.Write(name);
            writer.Write(values.Length);
            foreach (float v in values)
            {
                writer.Write(v);
            }
        }
    }

    public static Dictionary<string, float[]> Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        var result = new Dictionary<string, float[]>();
        for (int t = 0; t < count; t++)
        {
            string name = reader.ReadString();
            var values = new float[reader.ReadInt32()];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = reader.ReadSingle();
            }
            result[name] = values;
        }
        return result;
    }
}
