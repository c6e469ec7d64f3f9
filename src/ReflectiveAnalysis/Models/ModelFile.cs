using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Lexicons;

namespace ReflectiveAnalysis.Models;

/// <summary>
/// Reads and writes the compact model format (format versions 1 and 2):
/// <code>
/// magic    8 bytes  "RAMODEL" 0x1A
/// version  u16      format version (1; 2 for a model that needs a sentence encoder)
/// flags    u16      0
/// length   u32      payload length after decompression (at most 64 MiB)
/// stored   u32      compressed payload length
/// checksum u64      FNV-1a 64 of the compressed payload
/// payload           Deflate: name, version, description, feature-set version, hash bits, lexicon text,
///                   then layers (name, activation, labels, input dimension, biases, feature-major weights);
///                   version 2 only: then the sentence encoder's name and its embedding dimension
/// </code>
/// A model without a sentence encoder is written as version 1, byte for byte as before version 2 existed, so the
/// fast tier's files and every file written earlier read and write unchanged.
/// All integers little-endian; strings are UTF-8 with a 7-bit encoded length. Anything that does not fit this
/// exactly throws <see cref="ModelFormatException"/>; nothing is half-loaded.
/// </summary>
internal static class ModelFile
{
    public const ushort FormatVersion = 1;

    /// <summary>The format version of a model that names a sentence encoder (the accurate tier); a superset of version 1.</summary>
    public const ushort EncoderFormatVersion = 2;
    public const int HeaderLength = 28;
    public const int MaxPayloadLength = 64 << 20;
    private const int MaxLayers = 8;
    private const int MaxLabels = 64;
    private const int MaxEncoderDimension = 4096;
    private static ReadOnlySpan<byte> Magic => "RAMODEL\u001A"u8;

    public static void Write(Stream destination, ModelContents contents)
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(contents.Name);
            writer.Write(contents.Version);
            writer.Write(contents.Description);
            writer.Write(contents.FeatureSetVersion);
            writer.Write(contents.HashBits);
            writer.Write(contents.Lexicon.Source);
            writer.Write(contents.Layers.Length);
            foreach (LinearLayer layer in contents.Layers)
            {
                writer.Write(layer.Name);
                writer.Write((byte)layer.Activation);
                writer.Write(layer.Labels.Length);
                foreach (string label in layer.Labels)
                {
                    writer.Write(label);
                }
                writer.Write(layer.InputDimension);
                foreach (float b in layer.Bias)
                {
                    writer.Write(b);
                }
                foreach (float w in layer.Weights)
                {
                    writer.Write(w);
                }
            }
            if (contents.Encoder is { } encoder)
            {
                writer.Write(encoder.Name);
                writer.Write(encoder.Dimension);
            }
        }

        var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(payload.GetBuffer(), 0, (int)payload.Length);
        }
        ReadOnlySpan<byte> stored = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], contents.Encoder is null ? FormatVersion : EncoderFormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)stored.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[20..], Checksum(stored));
        destination.Write(header);
        destination.Write(stored);
    }

    public static ModelContents Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] file = ReadAll(source);
        return Read(file);
    }

    public static ModelContents Read(ReadOnlySpan<byte> file)
    {
        if (file.Length == 0)
        {
            throw new ModelFormatException("The model file is empty.");
        }
        if (file.Length < HeaderLength || !file[..8].SequenceEqual(Magic))
        {
            throw new ModelFormatException("This is not a ReflectiveAnalysis model file (the magic number does not match).");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        if (version is not (FormatVersion or EncoderFormatVersion))
        {
            throw new ModelFormatException($"The model file has format version {version}; this library reads version {FormatVersion} and version {EncoderFormatVersion} (models with a sentence encoder).");
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(file[10..]) != 0)
        {
            throw new ModelFormatException("The model file sets flags this library does not know.");
        }
        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]);
        uint storedLength = BinaryPrimitives.ReadUInt32LittleEndian(file[16..]);
        ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(file[20..]);
        if (payloadLength > MaxPayloadLength)
        {
            throw new ModelFormatException($"The model file claims a payload of {payloadLength} bytes; at most {MaxPayloadLength} are allowed.");
        }
        if ((long)file.Length - HeaderLength != storedLength)
        {
            throw new ModelFormatException($"The model file is {file.Length} bytes; its header says {HeaderLength + (long)storedLength}. It is truncated or has extra bytes.");
        }
        ReadOnlySpan<byte> stored = file[HeaderLength..];
        if (Checksum(stored) != checksum)
        {
            throw new ModelFormatException("The model file's checksum does not match its contents: the file is corrupted.");
        }

        byte[] payload = Inflate(stored, (int)payloadLength);
        try
        {
            return ReadPayload(payload, version);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or DecoderFallbackException or OverflowException or ArgumentException)
        {
            throw new ModelFormatException($"The model file's contents are malformed: {e.Message}", e);
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> stored, int payloadLength)
    {
        var payload = new byte[payloadLength];
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(stored.ToArray()), CompressionMode.Decompress);
            deflate.ReadExactly(payload);
            if (deflate.ReadByte() != -1)
            {
                throw new ModelFormatException("The model file's payload is longer than its header says.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new ModelFormatException("The model file's payload cannot be decompressed: the file is corrupted.", e);
        }
        return payload;
    }

    private static ModelContents ReadPayload(byte[] payload, ushort formatVersion)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), new UTF8Encoding(false, throwOnInvalidBytes: true));
        string name = reader.ReadString();
        string version = reader.ReadString();
        string description = reader.ReadString();
        int featureSetVersion = reader.ReadInt32();
        int hashBits = reader.ReadInt32();
        if (featureSetVersion != Features.FeatureExtractor.FeatureSetVersion)
        {
            throw new ModelFormatException($"The model was trained on feature set {featureSetVersion}; this library computes feature set {Features.FeatureExtractor.FeatureSetVersion}.");
        }
        if (hashBits is < 8 or > 22)
        {
            throw new ModelFormatException($"The model's hash size (2^{hashBits}) is outside 2^8..2^22.");
        }
        CueLexicon lexicon;
        try
        {
            lexicon = CueLexicon.Parse(reader.ReadString());
        }
        catch (FormatException e)
        {
            throw new ModelFormatException($"The model's cue lexicon is invalid: {e.Message}", e);
        }
        int layerCount = reader.ReadInt32();
        if (layerCount is < 0 or > MaxLayers)
        {
            throw new ModelFormatException($"The model claims {layerCount} layers; 0 to {MaxLayers} are allowed.");
        }
        var layers = ImmutableArray.CreateBuilder<LinearLayer>(layerCount);
        for (int l = 0; l < layerCount; l++)
        {
            string layerName = reader.ReadString();
            byte activation = reader.ReadByte();
            if (activation > (byte)Activation.Identity)
            {
                throw new ModelFormatException($"Layer '{layerName}' has unknown activation {activation}.");
            }
            int labelCount = reader.ReadInt32();
            if (labelCount is < 1 or > MaxLabels)
            {
                throw new ModelFormatException($"Layer '{layerName}' claims {labelCount} labels; 1 to {MaxLabels} are allowed.");
            }
            var labels = ImmutableArray.CreateBuilder<string>(labelCount);
            for (int i = 0; i < labelCount; i++)
            {
                labels.Add(reader.ReadString());
            }
            int inputDimension = reader.ReadInt32();
            long remaining = payload.Length - reader.BaseStream.Position;
            if (inputDimension < 1 || (long)inputDimension * labelCount * sizeof(float) + labelCount * sizeof(float) > remaining)
            {
                throw new ModelFormatException($"Layer '{layerName}' claims {inputDimension} inputs, more than the file holds.");
            }
            float[] bias = ReadFloats(reader, labelCount);
            float[] weights = ReadFloats(reader, inputDimension * labelCount);
            layers.Add(new LinearLayer(layerName, (Activation)activation, labels.MoveToImmutable(), inputDimension, bias, weights));
        }
        SentenceEncoderInfo? encoder = null;
        if (formatVersion == EncoderFormatVersion)
        {
            string encoderName = reader.ReadString();
            int dimension = reader.ReadInt32();
            if (encoderName.Length == 0 || dimension is < 1 or > MaxEncoderDimension)
            {
                throw new ModelFormatException($"The model names sentence encoder '{encoderName}' with dimension {dimension}; a name and 1 to {MaxEncoderDimension} dimensions are required.");
            }
            encoder = new SentenceEncoderInfo(encoderName, dimension);
        }
        if (reader.BaseStream.Position != payload.Length)
        {
            throw new ModelFormatException("The model file has bytes after its last layer.");
        }
        return new ModelContents(name, version, description, featureSetVersion, hashBits, lexicon, layers.MoveToImmutable()) { Encoder = encoder };
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        byte[] bytes = reader.ReadBytes(count * sizeof(float));
        if (bytes.Length != count * sizeof(float))
        {
            throw new EndOfStreamException("The weights end early.");
        }
        for (int i = 0; i < count; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            if (!float.IsFinite(v))
            {
                throw new FormatException("A weight is not a finite number.");
            }
            values[i] = v;
        }
        return values;
    }

    private static byte[] ReadAll(Stream source)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxPayloadLength + HeaderLength)
            {
                throw new ModelFormatException($"The model file is larger than {MaxPayloadLength + HeaderLength} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        ulong hash = TextHash.Seed;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}

/// <summary>Everything a model file holds.</summary>
internal sealed record ModelContents(
    string Name,
    string Version,
    string Description,
    int FeatureSetVersion,
    int HashBits,
    CueLexicon Lexicon,
    ImmutableArray<LinearLayer> Layers)
{
    /// <summary>The sentence encoder whose embeddings the model's category head reads, or null (format version 1).</summary>
    public SentenceEncoderInfo? Encoder { get; init; }
}

/// <summary>Which sentence encoder a model was trained with: its <see cref="ISentenceEncoder.Name"/> and dimension.</summary>
internal sealed record SentenceEncoderInfo(string Name, int Dimension);
