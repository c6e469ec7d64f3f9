using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>
/// Writes fine-tuned encoder weights back into the package's ONNX graph by overwriting each initializer's raw_data in
/// place (float32 → same byte count, so the protobuf framing is untouched), and runs the patched graph with ONNX Runtime.
/// </summary>
internal static class OnnxExport
{
    /// <summary>A copy of <paramref name="model"/> with the named tensors' raw bytes replaced. Returns the copy and the tensors changed.</summary>
    public static (byte[] Patched, List<string> Changed) Patch(byte[] model, MiniLmModel mapping, IReadOnlyDictionary<string, float[]> weights, Func<float, float>? round = null)
    {
        byte[] patched = (byte[])model.Clone();
        var changed = new List<string>();
        foreach (var (name, values) in weights)
        {
            if (!mapping.Sources.TryGetValue(name, out var init))
            {
                continue;
            }
            if (init.DataType != 1 || init.RawLength != values.Length * sizeof(float))
            {
                throw new InvalidDataException($"{name} ({init.Name}) holds {init.RawLength} bytes; the fine-tuned tensor has {values.Length} floats.");
            }
            float[] stored = round is null ? values : [.. values.Select(round)];
            Buffer.BlockCopy(stored, 0, patched, init.RawOffset, init.RawLength);
            if (!patched.AsSpan(init.RawOffset, init.RawLength).SequenceEqual(model.AsSpan(init.RawOffset, init.RawLength)))
            {
                changed.Add(name);
            }
        }
        return (patched, changed);
    }

    /// <summary>Mean-pooled (not normalised) last hidden states from ONNX Runtime, [sentences][384], batches of 32.</summary>
    public static float[][] MeanPooled(byte[] model, IReadOnlyList<long[]> sentences)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var result = new float[sentences.Count][];
        for (int first = 0; first < sentences.Count; first += 32)
        {
            var chunk = sentences.Skip(first).Take(32).ToList();
            int longest = chunk.Max(s => s.Length), n = chunk.Count;
            var ids = new DenseTensor<long>([n, longest]);
            var mask = new DenseTensor<long>([n, longest]);
            var types = new DenseTensor<long>([n, longest]);
            for (int i = 0; i < n; i++)
            {
                for (int t = 0; t < chunk[i].Length; t++)
                {
                    ids[i, t] = chunk[i][t];
                    mask[i, t] = 1;
                }
            }
            using var outputs = session.Run([
                NamedOnnxValue.CreateFromTensor("input_ids", ids),
                NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                NamedOnnxValue.CreateFromTensor("token_type_ids", types)]);
            var hidden = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
            for (int i = 0; i < n; i++)
            {
                var pooled = new float[MiniLmModel.Hidden];
                for (int t = 0; t < chunk[i].Length; t++)
                {
                    for (int d = 0; d < pooled.Length; d++)
                    {
                        pooled[d] += hidden[i, t, d];
                    }
                }
                for (int d = 0; d < pooled.Length; d++)
                {
                    pooled[d] /= chunk[i].Length;
                }
                result[first + i] = pooled;
            }
        }
        return result;
    }

    /// <summary>Log-probabilities of the linear head over pooled vectors (head weight in [384, 9] layout).</summary>
    public static float[][] Head(float[][] pooled, float[] weight, float[] bias) =>
        [.. pooled.Select(x =>
        {
            var logits = new double[bias.Length];
            for (int c = 0; c < bias.Length; c++)
            {
                double sum = bias[c];
                for (int d = 0; d < x.Length; d++)
                {
                    sum += x[d] * weight[d * bias.Length + c];
                }
                logits[c] = sum;
            }
            double max = logits.Max(), log = Math.Log(logits.Sum(v => Math.Exp(v - max))) + max;
            return logits.Select(v => (float)(v - log)).ToArray();
        })];
}
