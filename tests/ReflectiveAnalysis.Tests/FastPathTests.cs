using ReflectiveAnalysis.Features;

namespace ReflectiveAnalysis.Tests;

/// <summary>
/// The speed-ups (issue 5) each keep a plain reference implementation; these tests check that the fast path and
/// the reference agree exactly on random inputs, so predictions cannot drift.
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<int, int> SortCases() => new()
    {
        { 0, 1 }, { 1, 2 }, { 2, 3 }, { 15, 4 }, { 17, 5 }, { 100, 6 }, { 300, 7 }, { 511, 8 }, { 512, 9 }, { 513, 10 }, { 2000, 11 }, { 5000, 12 },
    };

    [Theory]
    [MemberData(nameof(SortCases))]
    public void SortByIndex_gives_the_same_order_as_the_comparison_sort_including_ties(int count, int seed)
    {
        var random = new Random(seed);
        // Few distinct indices, so there are many ties whose order must be preserved; Start records the original position.
        int distinct = Math.Max(1, count / 4);
        Feature[] input = new Feature[count];
        for (int i = 0; i < count; i++)
        {
            input[i] = new Feature(random.Next(distinct) * 7919 % (1 << 18), (float)random.NextDouble(), i, random.Next(10), (FeatureKind)random.Next(7), (short)random.Next(5));
        }
        Feature[] expected = (Feature[])input.Clone();
        FeatureExtractor.SortByIndexReference(expected);
        Feature[] actual = (Feature[])input.Clone();
        FeatureExtractor.SortByIndex(actual);
        Assert.Equal(expected, actual);
    }
}
