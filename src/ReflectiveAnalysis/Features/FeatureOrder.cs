using System.Diagnostics;
using System.Numerics;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// Orders a feature vector by index: each feature is one 64-bit element, its index (the key) in the high 32 bits and
/// its position in the vector (the item) in the low 32 bits, and the elements are sorted by key with equal keys kept
/// in position order.
/// </summary>
/// <remarks>
/// Why a radix sort: <see cref="FeatureExtractor.Normalise"/> hands the trainer (and ML.NET, which requires ascending
/// indices) vectors in index order, and an introsort of ~260 features per sentence and ~640 per paragraph, with a
/// mispredicted branch per comparison, was slow. Feature indices are hashes of at most 2^18 buckets in the shipped
/// model, so two counting passes of 9 bits order any vector in linear time without comparing elements. Equal indices
/// are merged after sorting (<see cref="FeatureExtractor.SortMergeAndScale"/>), so their order decides nothing but
/// which occurrence stands for the merged feature (the first one written). The analyzer needs no order at all and
/// merges without sorting (<see cref="FeatureMerger"/>).
/// </remarks>
internal static class FeatureOrder
{
    // Up to this many elements an insertion sort is cheaper than clearing and summing the counting passes' buckets.
    private const int InsertionSortLimit = 48;

    // A counting pass reads at most this many key bits (2,048 buckets, 8 KB of counts on the stack).
    private const int MaxDigitBits = 11;

    /// <summary>Packs a non-negative key and an item into one sortable element.</summary>
    public static ulong Pack(int key, int item) => ((ulong)(uint)key << 32) | (uint)item;

    /// <summary>The item of a packed element.</summary>
    public static int Item(ulong element) => (int)(uint)element;

    /// <summary>The key of a packed element.</summary>
    public static int Key(ulong element) => (int)(element >> 32);

    /// <summary>
    /// Sorts <paramref name="elements"/>, packed in ascending item order (as <see cref="Pack"/>(index, position) for
    /// positions 0, 1, 2, ...), by key, keeping equal keys in item order; that is, into ascending order of the
    /// elements. <paramref name="keyBits"/> bounds the keys (every key is below 2^keyBits);
    /// <paramref name="buffer"/> holds at least as many elements as <paramref name="elements"/>.
    /// </summary>
    public static void Sort(Span<ulong> elements, Span<ulong> buffer, int keyBits)
    {
        Debug.Assert(keyBits is >= 0 and <= 32, "keys are non-negative ints");
        int n = elements.Length;
        if (n <= InsertionSortLimit || keyBits == 0)
        {
            InsertionSort(elements);
            return;
        }
        int passes = (keyBits + MaxDigitBits - 1) / MaxDigitBits;
        int digitBits = (keyBits + passes - 1) / passes;
        int buckets = 1 << digitBits;
        ulong mask = (ulong)buckets - 1;
        Span<int> starts = stackalloc int[buckets];
        Span<ulong> source = elements;
        Span<ulong> target = buffer[..n];
        for (int pass = 0; pass < passes; pass++)
        {
            int shift = 32 + (pass * digitBits);
            starts.Clear();
            foreach (ulong element in source)
            {
                starts[(int)((element >> shift) & mask)]++;
            }
            int start = 0;
            for (int b = 0; b < buckets; b++)
            {
                int count = starts[b];
                starts[b] = start;
                start += count;
            }
            // A counting pass is stable: elements of one bucket keep their order, so the earlier passes' order
            // (and, before them, item order) decides between equal digits.
            foreach (ulong element in source)
            {
                target[starts[(int)((element >> shift) & mask)]++] = element;
            }
            Span<ulong> swap = source;
            source = target;
            target = swap;
        }
        if (passes % 2 == 1)
        {
            source.CopyTo(elements);
        }
    }

    /// <summary>The number of bits needed for the largest of the keys OR-ed into <paramref name="keys"/>.</summary>
    public static int KeyBits(uint keys) => 32 - BitOperations.LeadingZeroCount(keys);

    /// <summary>Sorts small inputs into ascending order of the elements (the same order <see cref="Sort"/> gives).</summary>
    private static void InsertionSort(Span<ulong> elements)
    {
        for (int i = 1; i < elements.Length; i++)
        {
            ulong element = elements[i];
            int j = i - 1;
            while (j >= 0 && elements[j] > element)
            {
                elements[j + 1] = elements[j];
                j--;
            }
            elements[j + 1] = element;
        }
    }
}
