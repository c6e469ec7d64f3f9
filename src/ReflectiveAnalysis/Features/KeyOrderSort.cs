using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// The runtime's introspective sort for an <c>int</c> key/item pair (<c>Span&lt;int&gt;.Sort(Span&lt;int&gt;)</c>),
/// step for step, over single 64-bit elements: the key in the high 32 bits, the item in the low 32 bits.
/// </summary>
/// <remarks>
/// Why: feature vectors are sorted by index and the order of equal indices decides float summation order and which
/// driver wins a tie, so the permutation must be exactly the runtime's (see <see cref="FeatureExtractor.SortByIndex"/>).
/// Every decision below compares keys only (never items), exactly as the runtime's generic helper does, so the
/// permutation is the same; moving one <c>ulong</c> instead of two <c>int</c>s in two arrays, without bounds checks
/// and without the comparer dispatch, roughly halves the sort, which was the largest single cost of an analysis.
/// Keys must be non-negative. Tested against the runtime sort on random inputs with many ties
/// (<c>FastPathTests</c>).
/// </remarks>
internal static class KeyOrderSort
{
    private const int InsertionSortThreshold = 16; // the runtime's Array.IntrosortSizeThreshold

    /// <summary>Packs a non-negative key and an item into one sortable element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(int key, int item) => ((ulong)(uint)key << 32) | (uint)item;

    /// <summary>The item of a packed element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Item(ulong element) => (int)(uint)element;

    /// <summary>The key of a packed element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Key(ulong element) => (int)(element >> 32);

    /// <summary>Sorts by key, leaving equal keys in the order the runtime's key/item introsort leaves them.</summary>
    public static void Sort(Span<ulong> elements)
    {
        if (elements.Length > 1)
        {
            IntroSort(ref MemoryMarshal.GetReference(elements), elements.Length, 2 * (BitOperations.Log2((uint)elements.Length) + 1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(ulong a, ulong b) => (a >> 32) < (b >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapIfGreater(ref ulong first, int i, int j)
    {
        ref ulong a = ref Unsafe.Add(ref first, i);
        ref ulong b = ref Unsafe.Add(ref first, j);
        if (Less(b, a))
        {
            (a, b) = (b, a);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap(ref ulong first, int i, int j)
    {
        ref ulong a = ref Unsafe.Add(ref first, i);
        ref ulong b = ref Unsafe.Add(ref first, j);
        (a, b) = (b, a);
    }

    private static void IntroSort(ref ulong first, int length, int depthLimit)
    {
        int partitionSize = length;
        while (partitionSize > 1)
        {
            if (partitionSize <= InsertionSortThreshold)
            {
                if (partitionSize == 2)
                {
                    SwapIfGreater(ref first, 0, 1);
                    return;
                }
                if (partitionSize == 3)
                {
                    SwapIfGreater(ref first, 0, 1);
                    SwapIfGreater(ref first, 0, 2);
                    SwapIfGreater(ref first, 1, 2);
                    return;
                }
                SmallSort(ref first, partitionSize);
                return;
            }
            if (depthLimit == 0)
            {
                HeapSort(ref first, partitionSize);
                return;
            }
            depthLimit--;
            int p = PickPivotAndPartition(ref first, partitionSize);
            // The pivot is already in place: sort the right part recursively, loop on the left part.
            IntroSort(ref Unsafe.Add(ref first, p + 1), partitionSize - (p + 1), depthLimit);
            partitionSize = p;
        }
    }

    private static int PickPivotAndPartition(ref ulong first, int length)
    {
        int hi = length - 1;
        int middle = hi >> 1;
        // Median of three, which also orders the low, middle and high elements.
        SwapIfGreater(ref first, 0, middle);
        SwapIfGreater(ref first, 0, hi);
        SwapIfGreater(ref first, middle, hi);
        ulong pivot = Unsafe.Add(ref first, middle);
        Swap(ref first, middle, hi - 1);
        int left = 0, right = hi - 1;
        while (left < right)
        {
            while (Less(Unsafe.Add(ref first, ++left), pivot))
            {
            }
            while (Less(pivot, Unsafe.Add(ref first, --right)))
            {
            }
            if (left >= right)
            {
                break;
            }
            Swap(ref first, left, right);
        }
        if (left != hi - 1)
        {
            Swap(ref first, left, hi - 1);
        }
        return left;
    }

    private static void HeapSort(ref ulong first, int n)
    {
        for (int i = n >> 1; i >= 1; i--)
        {
            DownHeap(ref first, i, n);
        }
        for (int i = n; i > 1; i--)
        {
            Swap(ref first, 0, i - 1);
            DownHeap(ref first, 1, i - 1);
        }
    }

    private static void DownHeap(ref ulong first, int i, int n)
    {
        ulong d = Unsafe.Add(ref first, i - 1);
        while (i <= n >> 1)
        {
            int child = 2 * i;
            if (child < n && Less(Unsafe.Add(ref first, child - 1), Unsafe.Add(ref first, child)))
            {
                child++;
            }
            if (!Less(d, Unsafe.Add(ref first, child - 1)))
            {
                break;
            }
            Unsafe.Add(ref first, i - 1) = Unsafe.Add(ref first, child - 1);
            i = child;
        }
        Unsafe.Add(ref first, i - 1) = d;
    }

    /// <summary>
    /// The runtime's insertion sort of a partition of 4 to 16 elements, computed without its branches: that sort is
    /// stable (an element moves past only strictly greater keys), so its result puts each element at its rank by
    /// (key, position in the partition), and those ranks are counted with vector compares.
    /// </summary>
    /// <remarks>
    /// Why: the insertion sorts of the introsort's small partitions were about half of the feature sort, and their
    /// inner loop ends at an unpredictable place for every element. Here each element costs four compares of 4
    /// composite keys (two compares of 8 where 512-bit vectors are accelerated), a mask and a popcount, with no
    /// data-dependent branch. <see cref="InsertionSort"/> stays as the reference (and the path without 256-bit
    /// vectors); both vector widths are tested to agree with it on random partitions with many ties.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SmallSort(ref ulong first, int length)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            RankSort(ref first, length);
        }
        else
        {
            InsertionSort(ref first, length);
        }
    }

    private static void RankSort(ref ulong first, int length, bool in256Bits = false)
    {
        Debug.Assert(length is >= 1 and <= InsertionSortThreshold);
        // Composite keys: the key (high 32 bits, non-negative) over the element's position in the partition, so all
        // are distinct and ordered as the stable sort orders the elements; unused lanes hold long.MaxValue, which is
        // never less than a real one. Signed compares, which 256-bit integer vectors have.
        Span<long> composite = stackalloc long[InsertionSortThreshold];
        Span<ulong> copy = stackalloc ulong[InsertionSortThreshold];
        composite.Fill(long.MaxValue);
        for (int i = 0; i < length; i++)
        {
            ulong element = Unsafe.Add(ref first, i);
            copy[i] = element;
            composite[i] = (long)((element & 0xFFFF_FFFF_0000_0000UL) | (uint)i);
        }
        ref long c = ref MemoryMarshal.GetReference(composite);
        if (Vector512.IsHardwareAccelerated && !in256Bits)
        {
            // The same ranks from two 8-lane compares per element (each a mask register) instead of four 4-lane ones.
            Vector512<long> low = Vector512.LoadUnsafe(ref c);
            Vector512<long> high = Vector512.LoadUnsafe(ref c, 8);
            for (int i = 0; i < length; i++)
            {
                Vector512<long> x = Vector512.Create(composite[i]);
                uint less = (uint)Vector512.LessThan(low, x).ExtractMostSignificantBits()
                    | ((uint)Vector512.LessThan(high, x).ExtractMostSignificantBits() << 8);
                Unsafe.Add(ref first, BitOperations.PopCount(less)) = copy[i];
            }
            return;
        }
        Vector256<long> c0 = Vector256.LoadUnsafe(ref c);
        Vector256<long> c1 = Vector256.LoadUnsafe(ref c, 4);
        Vector256<long> c2 = Vector256.LoadUnsafe(ref c, 8);
        Vector256<long> c3 = Vector256.LoadUnsafe(ref c, 12);
        for (int i = 0; i < length; i++)
        {
            Vector256<long> x = Vector256.Create(composite[i]);
            uint less = Vector256.LessThan(c0, x).ExtractMostSignificantBits()
                | (Vector256.LessThan(c1, x).ExtractMostSignificantBits() << 4)
                | (Vector256.LessThan(c2, x).ExtractMostSignificantBits() << 8)
                | (Vector256.LessThan(c3, x).ExtractMostSignificantBits() << 12);
            Unsafe.Add(ref first, BitOperations.PopCount(less)) = copy[i];
        }
    }

    /// <summary>
    /// Test hook: the vectorised small sort on its own (4 to 16 elements), with 512-bit compares where they are
    /// accelerated, or with the 256-bit ones (so tests cover both paths on such a machine).
    /// </summary>
    internal static void RankSortForTest(Span<ulong> elements, bool in256Bits = false) => RankSort(ref MemoryMarshal.GetReference(elements), elements.Length, in256Bits);

    /// <summary>Test hook: the runtime's insertion sort, the reference for <see cref="RankSort"/>.</summary>
    internal static void InsertionSortForTest(Span<ulong> elements) => InsertionSort(ref MemoryMarshal.GetReference(elements), elements.Length);

    private static void InsertionSort(ref ulong first, int length)
    {
        for (int i = 0; i < length - 1; i++)
        {
            ulong t = Unsafe.Add(ref first, i + 1);
            int j = i;
            while (j >= 0 && Less(t, Unsafe.Add(ref first, j)))
            {
                Unsafe.Add(ref first, j + 1) = Unsafe.Add(ref first, j);
                j--;
            }
            Unsafe.Add(ref first, j + 1) = t;
        }
    }

    /// <summary>Test hook: the heap sort on its own (the introsort reaches it only on adversarial inputs).</summary>
    internal static void HeapSortForTest(Span<ulong> elements)
    {
        if (elements.Length > 0)
        {
            HeapSort(ref MemoryMarshal.GetReference(elements), elements.Length);
        }
    }
}
