namespace ReflectiveAnalysis.Embeddings;

/// <summary>One initializer (weight tensor) of an ONNX graph, with where its raw bytes sit in the model file.</summary>
/// <param name="Name">The initializer's name (graph inputs refer to it).</param>
/// <param name="Dims">Its shape.</param>
/// <param name="DataType">ONNX TensorProto.DataType (1 = float32, 7 = int64, 10 = float16).</param>
/// <param name="RawOffset">Offset of raw_data's first byte in the model file; -1 when the tensor has no raw_data.</param>
/// <param name="RawLength">raw_data's length in bytes.</param>
internal sealed record OnnxInitializer(string Name, long[] Dims, int DataType, int RawOffset, int RawLength)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);
}

/// <summary>One node of an ONNX graph (operator, inputs, outputs).</summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>
/// A minimal protobuf wire reader for the parts of an ONNX ModelProto that weight mapping needs: the graph's nodes and
/// initializers. Offsets are kept so weights can be overwritten in place (same size, no re-encoding).
/// </summary>
internal sealed class OnnxModelReader
{
    private OnnxModelReader(List<OnnxInitializer> initializers, List<OnnxNode> nodes)
    {
        Initializers = initializers;
        Nodes = nodes;
    }

    public IReadOnlyList<OnnxInitializer> Initializers { get; }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    public static OnnxModelReader Read(byte[] model)
    {
        var initializers = new List<OnnxInitializer>();
        var nodes = new List<OnnxNode>();
        bool sawGraph = false;
        foreach (var (field, start, length) in Fields(model, 0, model.Length))
        {
            if (field != 7 || length < 0)
            {
                continue;
            }
            sawGraph = true;
            foreach (var (graphField, gStart, gLength) in Fields(model, start, start + length))
            {
                if (graphField == 5 && gLength >= 0)
                {
                    initializers.Add(ReadTensor(model, gStart, gLength));
                }
                else if (graphField == 1 && gLength >= 0)
                {
                    nodes.Add(ReadNode(model, gStart, gLength));
                }
            }
        }
        return sawGraph ? new OnnxModelReader(initializers, nodes) : throw new InvalidDataException("The model has no graph (ModelProto field 7).");
    }

    private static OnnxInitializer ReadTensor(byte[] model, int start, int length)
    {
        var dims = new List<long>();
        int dataType = 0, rawOffset = -1, rawLength = 0;
        string name = "";
        foreach (var (field, s, l) in Fields(model, start, start + length))
        {
            switch (field)
            {
                case 1 when l < 0:
                    dims.Add(-l - 1);
                    break;
                case 1:
                    for (int p = s; p < s + l;)
                    {
                        dims.Add((long)ReadVarint(model, ref p));
                    }
                    break;
                case 2:
                    dataType = (int)(-l - 1);
                    break;
                case 8:
                    name = System.Text.Encoding.UTF8.GetString(model, s, l);
                    break;
                case 9:
                    rawOffset = s;
                    rawLength = l;
                    break;
                case 4:
                    throw new InvalidDataException($"Tensor at {start} stores float_data; only raw_data is supported.");
            }
        }
        return new OnnxInitializer(name, [.. dims], dataType, rawOffset, rawLength);
    }

    private static OnnxNode ReadNode(byte[] model, int start, int length)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = "", op = "";
        foreach (var (field, s, l) in Fields(model, start, start + length))
        {
            if (l < 0)
            {
                continue;
            }
            string text = System.Text.Encoding.UTF8.GetString(model, s, l);
            switch (field)
            {
                case 1: inputs.Add(text); break;
                case 2: outputs.Add(text); break;
                case 3: name = text; break;
                case 4: op = text; break;
            }
        }
        return new OnnxNode(name, op, inputs, outputs);
    }

    /// <summary>
    /// The fields of one message: (field number, start, length) for length-delimited fields; for varints the length is
    /// -(value + 1) and start is unused; fixed32/fixed64 fields are skipped.
    /// </summary>
    private static IEnumerable<(int Field, int Start, int Length)> Fields(byte[] data, int start, int end)
    {
        int p = start;
        while (p < end)
        {
            ulong key = ReadVarint(data, ref p);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    ulong value = ReadVarint(data, ref p);
                    yield return (field, p, (int)-(long)(value + 1));
                    break;
                case 1:
                    p += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(data, ref p));
                    yield return (field, p, length);
                    p += length;
                    break;
                case 5:
                    p += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire} at {p}.");
            }
        }
        if (p != end)
        {
            throw new InvalidDataException("A protobuf message overran its length.");
        }
    }

    private static ulong ReadVarint(byte[] data, ref int p)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[p++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new InvalidDataException("Malformed varint.");
    }
}
