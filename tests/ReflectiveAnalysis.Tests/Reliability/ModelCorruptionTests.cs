using System.Buffers.Binary;
using System.IO.Compression;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// A model file damaged anywhere, in any way, gives <see cref="ModelFormatException"/> and nothing else: every byte
/// position flipped, every truncation, every version, and payloads corrupted behind a recomputed checksum (what a
/// buggy writer would produce), where the only outcomes allowed are the exception or a complete, working model.
/// </summary>
public sealed class ModelCorruptionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Lazy<byte[]> s_small = new(() =>
    {
        using var stream = new MemoryStream();
        ReflectionModel.LexiconOnly.Save(stream);
        return stream.ToArray();
    });

    private static byte[] SmallModel => s_small.Value;

    [Fact]
    public void Load_EveryBytePositionWithEveryBitFlipped_ThrowsModelFormatException()
    {
        byte[] file = SmallModel;
        output.WriteLine($"{file.Length} bytes x 8 bits = {file.Length * 8} corrupt files");
        for (int position = 0; position < file.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] corrupt = (byte[])file.Clone();
                corrupt[position] ^= (byte)(1 << bit);
                AssertRejected(corrupt, $"bit {bit} of byte {position} of {file.Length}");
            }
        }
    }

    [Fact]
    public void Load_EveryTruncationAndEveryExtension_ThrowsModelFormatException()
    {
        byte[] file = SmallModel;
        for (int length = 0; length < file.Length; length++)
        {
            AssertRejected(file[..length], $"truncated to {length} of {file.Length}");
        }
        AssertRejected([.. file, 0], "one extra byte");
        AssertRejected([.. file, .. file], "the file twice");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(0xFFFF)]
    public void Load_WrongVersion_ThrowsNamingBothVersions(int version)
    {
        byte[] file = (byte[])SmallModel.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)version);
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(file)));
        Assert.Contains($"format version {version}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"reads version {ModelFile.FormatVersion}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Version1PayloadLabelledVersion2_ThrowsModelFormatException()
    {
        // Version 2 adds the sentence encoder after the layers; a version-1 payload under a version-2 header lacks it.
        byte[] file = (byte[])SmallModel.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), ModelFile.EncoderFormatVersion);
        Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(file)));
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x52, 0x41, 0x4D }, "magic number")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "magic number")] // a zip file
    public void Load_NotAModel_ThrowsSayingWhy(byte[] file, string reason)
    {
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(file)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PayloadCorruptedBehindAValidChecksum_EveryBytePosition_GivesModelFormatExceptionOrACompleteModel()
    {
        byte[] payload = Payload(SmallModel);
        // Two corruptions per byte: inverting it (which turns any ASCII text byte into invalid UTF-8) and adding one
        // (which keeps text as text, so a cue phrase can change and still be a valid lexicon).
        foreach ((string name, Func<byte, byte> corruptByte) in new (string, Func<byte, byte>)[] { ("inverted", b => (byte)~b), ("plus one", b => (byte)(b + 1)) })
        {
            int loaded = 0, rejected = 0;
            for (int position = 0; position < payload.Length; position++)
            {
                byte[] corrupt = (byte[])payload.Clone();
                corrupt[position] = corruptByte(corrupt[position]);
                if (TryLoad(Pack(corrupt), out string outcome))
                {
                    loaded++;
                }
                else
                {
                    rejected++;
                }
                Assert.True(outcome is "loaded" or "rejected", $"byte {position} of {payload.Length} {name}: {outcome}");
            }
            output.WriteLine($"{payload.Length} payload bytes {name} behind a valid checksum: {rejected} rejected with ModelFormatException, {loaded} loaded as complete, working models");
            Assert.True(rejected > 0 && loaded + rejected == payload.Length, $"{name}: {rejected} rejected, {loaded} loaded");
        }
    }

    [Fact]
    public void Load_PayloadTruncatedBehindAValidChecksum_EveryLength_ThrowsModelFormatException()
    {
        byte[] payload = Payload(SmallModel);
        for (int length = 0; length < payload.Length; length++)
        {
            AssertRejected(Pack(payload[..length]), $"payload truncated to {length} of {payload.Length}");
        }
    }

    [Fact]
    public void Load_PayloadClaimingHugeCounts_ThrowsWithoutAllocatingThem()
    {
        // name, version, description, feature set, hash bits, lexicon, then a layer count of int.MaxValue.
        byte[] payload = Payload(SmallModel);
        int layerCountOffset = payload.Length - sizeof(int); // the lexicon-only model ends with its layer count (0)
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(layerCountOffset)));
        foreach (int count in new[] { -1, 9, int.MaxValue, int.MinValue })
        {
            byte[] corrupt = (byte[])payload.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(corrupt.AsSpan(layerCountOffset), count);
            AssertRejected(Pack(corrupt), $"layer count {count}");
        }
    }

    private static void AssertRejected(byte[] file, string what)
    {
        Assert.True(!TryLoad(file, out string outcome) && outcome == "rejected", $"{what}: {outcome}");
    }

    /// <summary>Loads and, when that works, analyses a text with the model, so a half-built model cannot pass.</summary>
    private static bool TryLoad(byte[] file, out string outcome)
    {
        try
        {
            ReflectionModel model = ReflectionModel.Load(new MemoryStream(file));
            ReflectionReport report = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = model })
                .Analyze("I learned that users matter because they told me so. Next year I will ask them first.");
            string? problem = ReportInvariants.CheckReport("I learned that users matter because they told me so. Next year I will ask them first.", report);
            outcome = problem is null ? "loaded" : "loaded a model that breaks a report invariant: " + problem;
            return true;
        }
        catch (ModelFormatException)
        {
            outcome = "rejected";
            return false;
        }
        catch (Exception e)
        {
            outcome = $"{e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    /// <summary>The decompressed payload of a model file.</summary>
    private static byte[] Payload(byte[] file)
    {
        using var deflate = new DeflateStream(new MemoryStream(file, ModelFile.HeaderLength, file.Length - ModelFile.HeaderLength), CompressionMode.Decompress);
        using var payload = new MemoryStream();
        deflate.CopyTo(payload);
        return payload.ToArray();
    }

    /// <summary>A well-formed file (header, lengths, checksum all right) around any payload.</summary>
    private static byte[] Pack(byte[] payload)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(payload);
        }
        byte[] stored = compressed.ToArray();
        byte[] file = new byte[ModelFile.HeaderLength + stored.Length];
        "RAMODEL\u001A"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), ModelFile.FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), (uint)stored.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(20), ModelFile.Checksum(stored));
        stored.CopyTo(file, ModelFile.HeaderLength);
        return file;
    }
}
