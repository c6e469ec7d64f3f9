using System.Security.Cryptography;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>The fine-tuned encoder's weights file: round trip, and a clear <see cref="ModelFormatException"/> for anything damaged.</summary>
public sealed class FineTunedWeightsTests
{
    internal static FineTunedWeights Small(IReadOnlyList<EncoderTensor>? tensors = null, byte[]? graphSha = null, long graphLength = 1000) => new()
    {
        Name = "test-encoder",
        Version = "0.1.0",
        Description = "a tiny file for tests",
        BaseModel = MiniLmSentenceEncoder.ModelName,
        BaseGraphLength = graphLength,
        BaseGraphSha256 = graphSha ?? SHA256.HashData("graph"u8),
        MaxWordPieces = 128,
        Tensors = tensors ?? [new EncoderTensor("t1", [2, 3], [.. Enumerable.Range(0, 6).Select(i => (Half)(i * 0.25))]), new EncoderTensor("t2", [4], [(Half)(-1), (Half)2, (Half)0.5, (Half)0])],
        HeadLabels = ["a", "b"],
        HeadBias = [0.5f, -0.5f],
        HeadWeights = [1f, 2f, 3f, 4f, 5f, 6f],
    };

    private static byte[] Bytes(FineTunedWeights weights)
    {
        var stream = new MemoryStream();
        weights.Write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void WriteThenRead_GivesTheSameWeightsAndChecksum()
    {
        FineTunedWeights original = Small();
        byte[] bytes = Bytes(original);
        FineTunedWeights read = FineTunedWeights.Read(new MemoryStream(bytes));

        Assert.Equal(original.Checksum, read.Checksum);
        Assert.Equal(64, read.Checksum.Length);
        Assert.Equal(original.Name, read.Name);
        Assert.Equal(original.Version, read.Version);
        Assert.Equal(original.Description, read.Description);
        Assert.Equal(original.BaseModel, read.BaseModel);
        Assert.Equal(original.BaseGraphLength, read.BaseGraphLength);
        Assert.Equal(original.BaseGraphSha256, read.BaseGraphSha256);
        Assert.Equal(original.MaxWordPieces, read.MaxWordPieces);
        Assert.Equal(original.Tensors.Count, read.Tensors.Count);
        for (int t = 0; t < read.Tensors.Count; t++)
        {
            Assert.Equal(original.Tensors[t].Name, read.Tensors[t].Name);
            Assert.Equal(original.Tensors[t].Dims, read.Tensors[t].Dims);
            Assert.Equal(original.Tensors[t].Values, read.Tensors[t].Values);
        }
        Assert.Equal(original.HeadLabels, read.HeadLabels);
        Assert.Equal(original.HeadBias, read.HeadBias);
        Assert.Equal(original.HeadWeights, read.HeadWeights);
        Assert.Equal(bytes, Bytes(read));
    }

    [Fact]
    public void Read_AnyFlippedByte_IsRejected()
    {
        byte[] bytes = Bytes(Small());
        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x5A;
            Assert.Throws<ModelFormatException>(() => FineTunedWeights.Read(new MemoryStream(damaged)));
        }
    }

    [Fact]
    public void Read_TruncatedOrForeignOrNewerFile_IsRejectedWithAReason()
    {
        byte[] bytes = Bytes(Small());
        for (int length = 0; length < bytes.Length; length += 7)
        {
            Assert.Throws<ModelFormatException>(() => FineTunedWeights.Read(new MemoryStream(bytes[..length])));
        }
        Assert.Contains("magic", Assert.Throws<ModelFormatException>(() => FineTunedWeights.Read(new MemoryStream(new byte[100]))).Message, StringComparison.Ordinal);
        byte[] newer = (byte[])bytes.Clone();
        newer[8] = 9;
        Assert.Contains("version 9", Assert.Throws<ModelFormatException>(() => FineTunedWeights.Read(new MemoryStream(newer))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InconsistentWeights_AreRefused()
    {
        Assert.Throws<ModelFormatException>(() => Bytes(Small([new EncoderTensor("t", [2, 2], [(Half)1])])));
        Assert.Throws<ModelFormatException>(() => Bytes(Small([new EncoderTensor("t", [1], [Half.NaN])])));
        Assert.Throws<ModelFormatException>(() => Bytes(Small(graphSha: new byte[3])));
        Assert.Throws<ModelFormatException>(() => Bytes(Small([])));
    }
}
