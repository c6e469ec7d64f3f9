using System.Numerics;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// Merges a feature vector's equal indices without sorting it: a small open-addressing table, kept per thread in the
/// analyzer's scratch, maps each index to its first occurrence. The analyzer scores the merged features in the order
/// of their first occurrence.
/// </summary>
/// <remarks>
/// <para>
/// Why: ordering each sentence's ~260 and each paragraph's ~640 features by index (two counting passes,
/// <see cref="FeatureOrder"/>) and merging the runs was about a quarter of an analysis (session-8 profile), and the
/// order served only to make the analyzer's sums bit-identical to <c>LinearLayer.Evaluate</c> over the trainer's
/// index-ordered vector. Hashing each index once finds the same merged features in about a third of the time.
/// </para>
/// <para>
/// What stays exact: the merged values (every feature value is 1, 0.5 or 0.25, so each sum is exact in any order),
/// which occurrence stands for a merged feature (the first one written, as before), and the scale (the sum of the
/// merged values' squares is a sum of multiples of 1/64 far below 2^53, exact in double in any order). What moves is
/// the order in which the scorer adds the rows, so a score can differ from <c>Evaluate</c>'s in the last bits of its
/// float sum: the scores stay within float rounding of the index-ordered ones (tested), and the analyzer's
/// probabilities within 1e-4 of the trainer's and of ML.NET's (tested).
/// </para>
/// <para>
/// The table is never cleared between vectors: each slot carries the generation (one per call) that last wrote it,
/// and a slot of an older generation is free. It doubles when a vector has more than half as many features as slots.
/// </para>
/// </remarks>
internal sealed class FeatureMerger
{
    private const int InitialCapacity = 2048;

    // One slot: the generation that last wrote it (older generations mark it free), the index it holds and the
    // position of that index's first occurrence; together, so that a probe touches one cache line, not three.
    private struct Slot
    {
        public uint Generation;
        public int Index;
        public int First;
    }

    private Slot[] _slots = new Slot[InitialCapacity];
    private uint _generation;

    /// <summary>
    /// Merges each run of equal indices in <paramref name="features"/> into its first occurrence (whose value becomes
    /// the sum of the run's values) and writes the first occurrences to <paramref name="order"/>, packed as
    /// <see cref="FeatureOrder.Pack"/>(index, position), in the order they occur. Returns their count;
    /// <paramref name="scale"/> is the factor that gives the merged vector unit length.
    /// </summary>
    /// <param name="features">The features as emitted; merged values are written back into them.</param>
    /// <param name="order">At least as long as <paramref name="features"/>.</param>
    /// <param name="scale">1 / sqrt(sum of the merged values' squares), the same float <see cref="FeatureExtractor.SortMergeAndScale"/> gives.</param>
    public int MergeAndScale(Span<Feature> features, Span<ulong> order, out float scale)
    {
        int n = features.Length;
        StartGeneration(n);
        Slot[] slots = _slots;
        uint generation = _generation;
        int mask = slots.Length - 1;
        int shift = 32 - BitOperations.Log2((uint)slots.Length);
        int unique = 0;
        // The sum of the merged values' squares, kept up to date as values merge: (a + v)^2 = a^2 + (2a + v)v. Every
        // term is a multiple of 1/64, so the running sum is exact, whatever the order.
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++)
        {
            int index = features[i].Index;
            float value = features[i].Value;
            // Fibonacci hashing: the top bits of index x 2^32/phi spread nearby indices over the table.
            int s = (int)(((uint)index * 0x9E3779B9u) >> shift);
            while (true)
            {
                ref Slot slot = ref slots[s];
                if (slot.Generation != generation)
                {
                    slot.Generation = generation;
                    slot.Index = index;
                    slot.First = i;
                    order[unique++] = FeatureOrder.Pack(index, i);
                    sumOfSquares += (double)value * value;
                    break;
                }
                if (slot.Index == index)
                {
                    ref Feature first = ref features[slot.First];
                    sumOfSquares += ((2.0 * first.Value) + value) * value;
                    first = first with { Value = first.Value + value };
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        scale = (float)(1.0 / Math.Sqrt(sumOfSquares));
        return unique;
    }

    /// <summary>Test hook: sets the last generation used, so that a test can make the stamps wrap.</summary>
    internal void SetGenerationForTest(uint generation) => _generation = generation;

    /// <summary>Starts a new generation, growing the table so that it stays at most half full for <paramref name="count"/> features.</summary>
    private void StartGeneration(int count)
    {
        if (count > _slots.Length / 2)
        {
            _slots = new Slot[(int)BitOperations.RoundUpToPowerOf2((uint)count * 2)];
            _generation = 0;
        }
        if (++_generation == 0)
        {
            // After 2^32 - 1 calls the stamps wrap: forget them all once, then start again from 1.
            Array.Clear(_slots);
            _generation = 1;
        }
    }
}
