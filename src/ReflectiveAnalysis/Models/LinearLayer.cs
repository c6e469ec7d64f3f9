using System.Diagnostics;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ReflectiveAnalysis.Features;

namespace ReflectiveAnalysis.Models;

/// <summary>How a layer turns scores into outputs.</summary>
internal enum Activation : byte
{
    /// <summary>One probability distribution over the labels (multiclass).</summary>
    Softmax = 0,

    /// <summary>An independent probability per label (multi-label).</summary>
    Sigmoid = 1,

    /// <summary>The raw scores (regression).</summary>
    Identity = 2,
}

/// <summary>
/// A linear layer: <c>scores = bias + Σ value·W[feature]</c> over sparse inputs, then an activation.
/// Weights are stored feature-major (each feature's row of label weights is contiguous), so a sparse input
/// touches one short row per active feature. Immutable and thread-safe.
/// </summary>
internal sealed class LinearLayer
{
    public LinearLayer(string name, Activation activation, ImmutableArray<string> labels, int inputDimension, float[] bias, float[] weights, bool slotTable = true)
    {
        if (labels.Length == 0 || bias.Length != labels.Length || weights.Length != checked(inputDimension * labels.Length))
        {
            throw new ModelFormatException($"Layer '{name}' has {labels.Length} labels, {bias.Length} biases and {weights.Length} weights for {inputDimension} inputs: they do not fit together.");
        }
        Name = name;
        Activation = activation;
        Labels = labels;
        InputDimension = inputDimension;
        Bias = bias;
        Weights = weights;
        (_rankWords, _rows, _means) = Pack(weights, inputDimension, labels.Length);
        if (slotTable && _means.Length <= ushort.MaxValue)
        {
            _slotTable = new ushort[inputDimension];
            for (int feature = 0; feature < inputDimension; feature++)
            {
                _slotTable[feature] = (ushort)Slot(feature);
            }
        }
    }

    // With at most 65,535 packed rows (the shipped category layer has about 31,500, its criteria layer fewer), a
    // feature's slot is also kept in a direct table of 2 bytes per feature (512 KB for 2^18 features): one load
    // instead of the rank word's load, shift, mask and popcount. Why: measured 1.4x faster on the model-scoring
    // benchmark (the scoring loop's latency per feature is mostly the slot lookup feeding the row load). Larger
    // layers, and tests with slotTable: false, use the rank words.
    private readonly ushort[]? _slotTable;

    // Most rows of a hashed model are all zero (88% of the shipped category weights are): the rows that are not
    // are packed densely and found through a bitmap with a running count per 64 rows. Why: the full matrix (9.4 MB
    // for 2^18 features x 9 labels) does not stay in cache between calls, and every active feature cost a cache
    // (and often a TLB) miss; the bitmap with its counts is 64 KB and the packed rows about 1 MB.
    //
    // Slot 0 of the packed rows is a shared all-zero row, and every feature whose row is all zero reads it: the
    // scoring loops then have no branch on "is this row empty" (about a fifth of a sentence's features, in no
    // predictable order, so that branch was mispredicted often), and they add value·0 for such a feature exactly as
    // the full-matrix reference does. Slot s > 0 holds the row of packed rank s - 1.
    private readonly RankWord[] _rankWords;
    private readonly float[] _rows;
    private readonly float[] _means;

    /// <summary>64 features' bits (set: the row is not all zero) and the slot of the first of them, in one 16-byte load.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RankWord
    {
        public ulong Bits;
        public int FirstSlot;
#pragma warning disable CS0169 // explicit padding to 16 bytes, so a word never straddles a cache line
        private readonly int _padding;
#pragma warning restore CS0169
    }

    private static (RankWord[] Words, float[] Rows, float[] Means) Pack(float[] weights, int inputs, int labels)
    {
        var words = new RankWord[(inputs + 63) / 64];
        int count = 0;
        for (int feature = 0; feature < inputs; feature++)
        {
            if (weights.AsSpan(feature * labels, labels).ContainsAnyExcept(0f))
            {
                words[feature >> 6].Bits |= 1UL << (feature & 63);
                count++;
            }
        }
        // Slot 0 is the zero row. Padded by one vector, so the second vector of a row of 9 to 16 labels may be loaded
        // whole (its extra lanes read the next row or the padding and are never stored).
        var rows = new float[((count + 1) * labels) + Vector256<float>.Count];
        var means = new float[count + 1];
        int slot = 1;
        for (int word = 0; word < words.Length; word++)
        {
            words[word].FirstSlot = slot;
            for (ulong bits = words[word].Bits; bits != 0; bits &= bits - 1)
            {
                int feature = (word * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                ReadOnlySpan<float> row = weights.AsSpan(feature * labels, labels);
                row.CopyTo(rows.AsSpan(slot * labels, labels));
                // The driver ranking's mean, summed in label order and divided as a float, exactly as it was
                // computed per active feature before it was precomputed here.
                float mean = 0;
                foreach (float w in row)
                {
                    mean += w;
                }
                mean /= row.Length;
                means[slot] = mean;
                slot++;
            }
        }
        return (words, rows, means);
    }

    /// <summary>
    /// The slot of an in-range feature's row among the packed rows: 0 (the shared zero row) when the row is all
    /// zero, otherwise its packed rank plus one. Branch-free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int feature)
    {
        Debug.Assert((uint)feature < (uint)InputDimension);
        return Slot(ref MemoryMarshal.GetArrayDataReference(_rankWords), feature);
    }

    /// <summary><see cref="Slot(int)"/> with the rank words' reference held by the caller (a register in the scoring loops).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ref RankWord words, int feature)
    {
        ref RankWord word = ref Unsafe.Add(ref words, feature >> 6);
        // The word's bits up to and including the feature's, shifted to the top (a shift count is taken mod 64, so
        // ~feature shifts by 63 - feature % 64): the top bit is the feature's own, the popcount its rank + 1 when set.
        // Why: fewer instructions than testing the bit and counting the bits below it separately, same slot.
        ulong upTo = word.Bits << ~feature;
        int present = (int)((long)upTo >> 63); // all ones when the row is not all zero, else 0
        return (word.FirstSlot - 1 + System.Numerics.BitOperations.PopCount(upTo)) & present;
    }

    /// <summary>
    /// The position of a feature's row among the packed non-zero rows, or -1 when the row is all zero (or the
    /// feature is out of range).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PackedRank(int feature) => (uint)feature < (uint)InputDimension ? Slot(feature) - 1 : -1;

    /// <summary>The packed non-zero rows, <c>labels</c> floats per rank.</summary>
    public ReadOnlySpan<float> PackedWeights => _rows.AsSpan(OutputCount, _rows.Length - OutputCount - Vector256<float>.Count);

    /// <summary>The mean of each packed row (an all-zero row's mean is 0).</summary>
    public ReadOnlySpan<float> PackedMeans => _means.AsSpan(1);

    /// <summary>The mean of a feature's weight row, as the driver ranking uses it.</summary>
    public float RowMean(int feature)
    {
        return _means[PackedRank(feature) + 1]; // slot 0, the zero row's (or an out-of-range feature's) mean, is 0
    }

    /// <summary>
    /// Adds <c>value·W[index]</c> of every feature, in order, to <paramref name="scores"/> (one per label).
    /// </summary>
    public void Accumulate(ReadOnlySpan<Feature> features, Span<float> scores)
    {
        ulong[] order = new ulong[features.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = FeatureOrder.Pack(features[i].Index, i);
        }
        AccumulateOrdered(features, order, 1f, scores, new int[features.Length]); // value·1 is the value exactly
    }

    /// <summary>
    /// Adds <c>(value·scale)·W[index]</c> of the features <paramref name="order"/> lists (by position, as
    /// <see cref="FeatureOrder.Item"/> reads it), in that order, to <paramref name="scores"/>, and writes each listed
    /// feature's packed row rank (-1 for an all-zero row) to <paramref name="ranks"/>: the same sums as
    /// <see cref="AccumulateReference"/> over the features gathered in that order with their values scaled.
    /// </summary>
    /// <remarks>
    /// Vectorised across labels: each label's sum sees the same multiplications and additions in the same order
    /// as <see cref="AccumulateReference"/> (a separate multiply then add per lane, never a fused multiply-add),
    /// so results are bit-identical; the lanes just run side by side. Why: the scalar loop over 9 labels per
    /// feature was the largest cost after feature extraction. Reading the features through the given order with
    /// the scale applied here (the same float product the normaliser would have stored) saves gathering and
    /// rewriting every 20-byte feature, and the ranks saved for the driver pass save looking each row up twice.
    /// </remarks>
    public void AccumulateOrdered(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks)
    {
        int labels = OutputCount;
        if (labels != scores.Length)
        {
            throw new ArgumentException("One score per label is required.", nameof(scores));
        }
        ranks = ranks[..order.Length];
        ref float rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref RankWord words = ref MemoryMarshal.GetArrayDataReference(_rankWords);
        bool table = _slotTable is not null;
        ref ushort slots = ref table ? ref MemoryMarshal.GetArrayDataReference(_slotTable!) : ref Unsafe.NullRef<ushort>();
        if (labels == NineLabels && Vector256.IsHardwareAccelerated)
        {
            if (table)
            {
                AccumulateNineWithTable(features, order, scale, scores, ranks, ref slots, ref rows, (uint)InputDimension);
            }
            else
            {
                AccumulateNineWithWords(features, order, scale, scores, ranks, ref words, ref rows, (uint)InputDimension);
            }
            return;
        }
        if (labels is >= 2 and <= FewLabels && Vector128.IsHardwareAccelerated)
        {
            if (table)
            {
                AccumulateFewWithTable(features, order, scale, scores, ranks, ref slots, ref rows, (uint)InputDimension);
            }
            else
            {
                AccumulateFewWithWords(features, order, scale, scores, ranks, ref words, ref rows, (uint)InputDimension);
            }
            return;
        }
        if (!Vector256.IsHardwareAccelerated || labels < Vector256<float>.Count || labels > 2 * Vector256<float>.Count)
        {
            // Label counts past 16 and below 8 without 128-bit vectors: one scalar lane per label.
            for (int k = 0; k < order.Length; k++)
            {
                Feature feature = features[FeatureOrder.Item(order[k])];
                if ((uint)feature.Index >= (uint)InputDimension)
                {
                    ranks[k] = -1; // out of range: no row at all
                    continue;
                }
                int slot = table ? Unsafe.Add(ref slots, feature.Index) : Slot(ref words, feature.Index);
                ranks[k] = slot - 1;
                float value = feature.Value * scale;
                ref float row = ref Unsafe.Add(ref rows, slot * labels);
                for (int label = 0; label < scores.Length; label++)
                {
                    scores[label] += value * Unsafe.Add(ref row, label);
                }
            }
            return;
        }
        // Up to 16 labels in registers: 8 in one vector, a 9th in a scalar (the category layer), 10 to 16 in a second
        // vector whose unused lanes are discarded at the end. Why: the 9th label used to be added to memory per
        // feature, a store-to-load chain through every feature; as a whole second vector it read 28 bytes it threw
        // away, often from a second cache line. (Plain locals, not a struct: the JIT keeps SIMD locals in registers.)
        Vector256<float> low = LoadLow(scores);
        Vector256<float> high = LoadHigh(scores);
        float ninth = labels == 9 ? scores[8] : 0f;
        for (int k = 0; k < order.Length; k++)
        {
            Feature feature = features[FeatureOrder.Item(order[k])];
            if ((uint)feature.Index >= (uint)InputDimension)
            {
                ranks[k] = -1; // out of range: no row at all (never taken for the extractor's features, so predicted)
                continue;
            }
            int slot = table ? Unsafe.Add(ref slots, feature.Index) : Slot(ref words, feature.Index);
            ranks[k] = slot - 1;
            ref float row = ref Unsafe.Add(ref rows, slot * labels);
            float value = feature.Value * scale;
            low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row);
            if (labels == 9)
            {
                ninth += value * Unsafe.Add(ref row, 8);
            }
            else if (labels > 8)
            {
                high += Vector256.Create(value) * Vector256.LoadUnsafe(ref row, (nuint)Vector256<float>.Count);
            }
        }
        Store(low, high, ninth, scores);
    }

    // Up to 16 label scores as two Vector256 accumulators: each lane sees value·row[label] as a multiply then an add,
    // never fused, exactly the scalar loop's arithmetic. The second vector's lanes past the last label read the next
    // row or the padding and are never stored.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadLow(ReadOnlySpan<float> scores) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(scores));

    // Inlined and built lane by lane (no stack buffer, no call returning a vector), so the accumulators stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadHigh(ReadOnlySpan<float> scores) => Vector256.Create(
        Lane(scores, 8), Lane(scores, 9), Lane(scores, 10), Lane(scores, 11), Lane(scores, 12), Lane(scores, 13), Lane(scores, 14), Lane(scores, 15));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lane(ReadOnlySpan<float> scores, int i) => i < scores.Length ? scores[i] : 0f;

    private static void Store(Vector256<float> low, Vector256<float> high, float ninth, Span<float> scores)
    {
        low.StoreUnsafe(ref MemoryMarshal.GetReference(scores));
        if (scores.Length == 9)
        {
            scores[8] = ninth;
            return;
        }
        for (int i = Vector256<float>.Count; i < scores.Length; i++)
        {
            scores[i] = high.GetElement(i - Vector256<float>.Count);
        }
    }

    /// <summary>The plain loop over the full matrix that <see cref="Accumulate"/> must match bit for bit.</summary>
    public void AccumulateReference(ReadOnlySpan<Feature> features, Span<float> scores)
    {
        foreach (Feature feature in features)
        {
            ReadOnlySpan<float> row = Row(feature.Index);
            for (int label = 0; label < row.Length; label++)
            {
                scores[label] += feature.Value * row[label];
            }
        }
    }

    public string Name { get; }

    public Activation Activation { get; }

    public ImmutableArray<string> Labels { get; }

    public int OutputCount => Labels.Length;

    public int InputDimension { get; }

    public float[] Bias { get; }

    /// <summary>Row-major by feature: <c>Weights[feature * OutputCount + label]</c>.</summary>
    public float[] Weights { get; }

    /// <summary>The weight row of one feature.</summary>
    public ReadOnlySpan<float> Row(int feature) => Weights.AsSpan(feature * OutputCount, OutputCount);

    /// <summary>Computes outputs for sparse inputs (indices need not be sorted or unique; out-of-range ones are ignored).</summary>
    /// <remarks>
    /// Over the packed non-zero rows, vectorised across labels like <see cref="AccumulateOrdered"/>: bit-identical to
    /// <see cref="EvaluateReference"/> (tested): a feature whose row is all zero reads the shared zero row and adds
    /// value·0, exactly as the reference does.
    /// </remarks>
    public void Evaluate(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> output)
    {
        int labels = OutputCount;
        Span<float> scores = output[..labels];
        values = values[..indices.Length];
        ref float rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref RankWord words = ref MemoryMarshal.GetArrayDataReference(_rankWords);
        bool table = _slotTable is not null;
        ref ushort slots = ref table ? ref MemoryMarshal.GetArrayDataReference(_slotTable!) : ref Unsafe.NullRef<ushort>();
        if (labels == NineLabels && Vector256.IsHardwareAccelerated)
        {
            // The sums start from the bias array itself, not from a copy in the output: a 36-byte copy read back
            // at once as a 32-byte vector cannot be forwarded from the store buffer, and the copy is a call.
            if (table)
            {
                EvaluateNineWithTable(indices, values, ref slots, ref rows, (uint)InputDimension, Bias, scores);
            }
            else
            {
                EvaluateNineWithWords(indices, values, ref words, ref rows, (uint)InputDimension, Bias, scores);
            }
            Activate(scores);
            return;
        }
        Bias.CopyTo(scores);
        if (Vector256.IsHardwareAccelerated && labels >= Vector256<float>.Count && labels <= 2 * Vector256<float>.Count)
        {
            Vector256<float> low = LoadLow(scores);
            Vector256<float> high = LoadHigh(scores);
            float ninth = labels == 9 ? scores[8] : 0f;
            ref int index = ref MemoryMarshal.GetReference(indices);
            ref float values0 = ref MemoryMarshal.GetReference(values);
            uint dimension = (uint)InputDimension;
            for (int i = 0; i < indices.Length; i++)
            {
                int feature = Unsafe.Add(ref index, i);
                if ((uint)feature >= dimension)
                {
                    continue; // ignored, as the reference ignores it
                }
                ref float row = ref Unsafe.Add(ref rows, (table ? Unsafe.Add(ref slots, feature) : Slot(ref words, feature)) * labels);
                float value = Unsafe.Add(ref values0, i);
                low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row);
                if (labels == 9)
                {
                    ninth += value * Unsafe.Add(ref row, 8);
                }
                else if (labels > 8)
                {
                    high += Vector256.Create(value) * Vector256.LoadUnsafe(ref row, (nuint)Vector256<float>.Count);
                }
            }
            Store(low, high, ninth, scores);
        }
        else
        {
            for (int i = 0; i < indices.Length; i++)
            {
                if ((uint)indices[i] >= (uint)InputDimension)
                {
                    continue;
                }
                ref float row = ref Unsafe.Add(ref rows, (table ? Unsafe.Add(ref slots, indices[i]) : Slot(ref words, indices[i])) * labels);
                float value = values[i];
                for (int label = 0; label < scores.Length; label++)
                {
                    scores[label] += value * Unsafe.Add(ref row, label);
                }
            }
        }
        Activate(scores);
    }

    // The category layer's shape (nine labels, at most 65,535 packed rows) has a loop of its own: the label count a
    // constant, the slot table the only lookup, and, when every index is in range (always, for the extractor's
    // features; checked eight at a time first), no per-feature range test and four features per iteration. Why: in
    // the general loop the JIT's synthesized profile laid the slot table's path out of line (a jump there and back per
    // feature) and kept the label-count tests inside the loop; this is fewer instructions per feature for the same
    // arithmetic in the same order (each label's sum still adds the features one after another, so it stays
    // bit-identical to the reference).
    private const int NineLabels = 9;

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void EvaluateNineWithTable(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ref ushort slots, ref float rows, uint dimension, float[] bias, Span<float> scores) =>
        EvaluateNine(indices, values, table: true, ref slots, ref Unsafe.NullRef<RankWord>(), ref rows, dimension, bias, scores);

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void EvaluateNineWithWords(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ref RankWord words, ref float rows, uint dimension, float[] bias, Span<float> scores) =>
        EvaluateNine(indices, values, table: false, ref Unsafe.NullRef<ushort>(), ref words, ref rows, dimension, bias, scores);

    /// <summary>One of the two lookups, <paramref name="table"/> a constant at each call site, so each caller is a loop of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(bool table, ref ushort slots, ref RankWord words, int feature) =>
        table ? Unsafe.Add(ref slots, (nuint)(uint)feature) : Slot(ref words, feature);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateNine(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, bool table, ref ushort slots, ref RankWord words, ref float rows, uint dimension, float[] bias, Span<float> scores)
    {
        Vector256<float> low = Vector256.Create(bias.AsSpan(0, Vector256<float>.Count));
        float ninth = bias[8];
        ref int index = ref MemoryMarshal.GetReference(indices);
        ref float value0 = ref MemoryMarshal.GetReference(values);
        int n = indices.Length;
        int i = 0;
        if (AllBelow(indices, dimension))
        {
            for (; i + 4 <= n; i += 4)
            {
                ref float row0 = ref Unsafe.Add(ref rows, (nuint)(uint)SlotOf(table, ref slots, ref words, Unsafe.Add(ref index, i)) * NineLabels);
                ref float row1 = ref Unsafe.Add(ref rows, (nuint)(uint)SlotOf(table, ref slots, ref words, Unsafe.Add(ref index, i + 1)) * NineLabels);
                ref float row2 = ref Unsafe.Add(ref rows, (nuint)(uint)SlotOf(table, ref slots, ref words, Unsafe.Add(ref index, i + 2)) * NineLabels);
                ref float row3 = ref Unsafe.Add(ref rows, (nuint)(uint)SlotOf(table, ref slots, ref words, Unsafe.Add(ref index, i + 3)) * NineLabels);
                float value = Unsafe.Add(ref value0, i);
                low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row0);
                ninth += value * Unsafe.Add(ref row0, 8);
                value = Unsafe.Add(ref value0, i + 1);
                low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row1);
                ninth += value * Unsafe.Add(ref row1, 8);
                value = Unsafe.Add(ref value0, i + 2);
                low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row2);
                ninth += value * Unsafe.Add(ref row2, 8);
                value = Unsafe.Add(ref value0, i + 3);
                low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row3);
                ninth += value * Unsafe.Add(ref row3, 8);
            }
        }
        for (; i < n; i++)
        {
            int feature = Unsafe.Add(ref index, i);
            if ((uint)feature >= dimension)
            {
                continue; // ignored, as the reference ignores it
            }
            ref float row = ref Unsafe.Add(ref rows, (nuint)(uint)SlotOf(table, ref slots, ref words, feature) * NineLabels);
            float value = Unsafe.Add(ref value0, i);
            low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row);
            ninth += value * Unsafe.Add(ref row, 8);
        }
        low.StoreUnsafe(ref MemoryMarshal.GetReference(scores));
        scores[8] = ninth;
    }

    /// <summary><see cref="AccumulateOrdered"/> for the category layer's shape, as <see cref="EvaluateNine"/> is for <see cref="Evaluate"/>.</summary>
    /// <remarks>
    /// Why: the general loop kept its label-count and lookup tests inside the loop and, short of registers, reloaded
    /// four spilled locals per feature; this one holds everything in registers. Same arithmetic in the same order.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void AccumulateNineWithTable(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, ref ushort slots, ref float rows, uint dimension) =>
        AccumulateNine(features, order, scale, scores, ranks, table: true, ref slots, ref Unsafe.NullRef<RankWord>(), ref rows, dimension);

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void AccumulateNineWithWords(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, ref RankWord words, ref float rows, uint dimension) =>
        AccumulateNine(features, order, scale, scores, ranks, table: false, ref Unsafe.NullRef<ushort>(), ref words, ref rows, dimension);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateNine(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, bool table, ref ushort slots, ref RankWord words, ref float rows, uint dimension)
    {
        Vector256<float> low = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(scores));
        float ninth = scores[8];
        ref ulong element = ref MemoryMarshal.GetReference(order);
        ref int rank = ref MemoryMarshal.GetReference(ranks); // ranks is order's length (sliced by the caller)
        for (int k = 0; k < order.Length; k++)
        {
            Feature feature = features[FeatureOrder.Item(Unsafe.Add(ref element, k))];
            if ((uint)feature.Index >= dimension)
            {
                Unsafe.Add(ref rank, k) = -1; // out of range: no row at all (never taken for the extractor's features, so predicted)
                continue;
            }
            int slot = SlotOf(table, ref slots, ref words, feature.Index);
            Unsafe.Add(ref rank, k) = slot - 1;
            ref float row = ref Unsafe.Add(ref rows, (nuint)slot * NineLabels);
            float value = feature.Value * scale;
            low += Vector256.Create(value) * Vector256.LoadUnsafe(ref row);
            ninth += value * Unsafe.Add(ref row, 8);
        }
        low.StoreUnsafe(ref MemoryMarshal.GetReference(scores));
        scores[8] = ninth;
    }

    // The criteria layer's shape: 2 to 4 labels in one 128-bit register for the whole paragraph.
    private const int FewLabels = 4;

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void AccumulateFewWithTable(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, ref ushort slots, ref float rows, uint dimension) =>
        AccumulateFew(features, order, scale, scores, ranks, table: true, ref slots, ref Unsafe.NullRef<RankWord>(), ref rows, dimension);

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop of its own (the lookup folded in), not inlined into the dispatcher
    private static void AccumulateFewWithWords(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, ref RankWord words, ref float rows, uint dimension) =>
        AccumulateFew(features, order, scale, scores, ranks, table: false, ref Unsafe.NullRef<ushort>(), ref words, ref rows, dimension);

    /// <summary>
    /// <see cref="AccumulateOrdered"/> for 2 to 4 labels (the criteria layer has 3): the label sums in the lanes of one
    /// 128-bit register, a multiply then an add per lane as the scalar loop does, so bit-identical to it.
    /// </summary>
    /// <remarks>
    /// Why: the scalar loop added every label's product to the output in memory, a store-to-load chain per label
    /// through every feature of a paragraph (about 640), and it was about 5% of an analysis. A row's 16-byte load
    /// reads past a row of 2 or 3 labels into the next row or the padding; those lanes are never stored.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateFew(ReadOnlySpan<Feature> features, ReadOnlySpan<ulong> order, float scale, Span<float> scores, Span<int> ranks, bool table, ref ushort slots, ref RankWord words, ref float rows, uint dimension)
    {
        int labels = scores.Length;
        Vector128<float> sums = Vector128.Create(scores[0], scores[1], labels > 2 ? scores[2] : 0f, labels > 3 ? scores[3] : 0f);
        ref ulong element = ref MemoryMarshal.GetReference(order);
        ref int rank = ref MemoryMarshal.GetReference(ranks); // ranks is order's length (sliced by the caller)
        for (int k = 0; k < order.Length; k++)
        {
            Feature feature = features[FeatureOrder.Item(Unsafe.Add(ref element, k))];
            if ((uint)feature.Index >= dimension)
            {
                Unsafe.Add(ref rank, k) = -1; // out of range: no row at all (never taken for the extractor's features, so predicted)
                continue;
            }
            int slot = SlotOf(table, ref slots, ref words, feature.Index);
            Unsafe.Add(ref rank, k) = slot - 1;
            float value = feature.Value * scale;
            sums += Vector128.Create(value) * Vector128.LoadUnsafe(ref rows, (nuint)(uint)slot * (nuint)(uint)labels);
        }
        for (int label = 0; label < labels; label++)
        {
            scores[label] = sums.GetElement(label);
        }
    }

    /// <summary>True when every index is in [0, <paramref name="dimension"/>) (read as unsigned, so negatives are not).</summary>
    internal static bool AllBelow(ReadOnlySpan<int> indices, uint dimension)
    {
        ReadOnlySpan<uint> unsigned = MemoryMarshal.Cast<int, uint>(indices);
        uint largest = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && unsigned.Length >= Vector256<uint>.Count)
        {
            Vector256<uint> max = Vector256<uint>.Zero;
            for (; i + Vector256<uint>.Count <= unsigned.Length; i += Vector256<uint>.Count)
            {
                max = Vector256.Max(max, Vector256.Create(unsigned.Slice(i, Vector256<uint>.Count)));
            }
            for (int lane = 0; lane < Vector256<uint>.Count; lane++)
            {
                largest = Math.Max(largest, max.GetElement(lane));
            }
        }
        for (; i < unsigned.Length; i++)
        {
            largest = Math.Max(largest, unsigned[i]);
        }
        return largest < dimension;
    }

    /// <summary>The plain loop over the full matrix that <see cref="Evaluate"/> must match bit for bit.</summary>
    public void EvaluateReference(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> output)
    {
        int labels = OutputCount;
        Span<float> scores = output[..labels];
        Bias.CopyTo(scores);
        for (int i = 0; i < indices.Length; i++)
        {
            int feature = indices[i];
            if ((uint)feature >= (uint)InputDimension)
            {
                continue;
            }
            float value = values[i];
            ReadOnlySpan<float> row = Weights.AsSpan(feature * labels, labels);
            for (int label = 0; label < row.Length; label++)
            {
                scores[label] += value * row[label];
            }
        }
        Activate(scores);
    }

    public void Activate(Span<float> scores)
    {
        switch (Activation)
        {
            case Activation.Softmax:
                Softmax(scores);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = 1f / (1f + MathF.Exp(-scores[i]));
                }
                break;
        }
    }

    public static void Softmax(Span<float> scores)
    {
        float max = float.NegativeInfinity;
        foreach (float score in scores)
        {
            max = MathF.Max(max, score);
        }
        float sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float e = MathF.Exp(scores[i] - max);
            scores[i] = e;
            sum += e;
        }
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] /= sum;
        }
    }
}
