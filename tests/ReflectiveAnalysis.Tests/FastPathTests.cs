using System.Collections.Immutable;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Tests;

/// <summary>
/// The speed-ups (issue 5) each keep a plain reference implementation; these tests check that the fast path and
/// the reference agree exactly on random inputs, so predictions cannot drift.
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<int, int, int> SortCases() => new()
    {
        // count, key bits, seed: both sides of the insertion-sort limit (48), one to three counting passes.
        { 0, 18, 1 }, { 1, 18, 2 }, { 2, 1, 3 }, { 47, 18, 4 }, { 48, 18, 5 }, { 49, 18, 6 }, { 100, 1, 7 }, { 300, 18, 8 },
        { 640, 18, 9 }, { 1000, 11, 10 }, { 1000, 12, 11 }, { 2000, 22, 12 }, { 2000, 23, 13 }, { 5000, 31, 14 },
    };

    [Theory]
    [MemberData(nameof(SortCases))]
    public void FeatureOrder_sorts_by_index_keeping_equal_indices_in_position_order(int count, int keyBits, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            // From all-equal to all-distinct keys, plus keys already in order or reversed.
            int distinct = trial switch { 0 => 1, 1 => 2, _ => Math.Max(1, count >> random.Next(0, 8)) };
            int limit = keyBits == 31 ? int.MaxValue : 1 << keyBits;
            int[] pool = [.. Enumerable.Range(0, distinct).Select(_ => random.Next(limit))];
            int[] keys = [.. Enumerable.Range(0, count).Select(_ => pool[random.Next(distinct)])];
            if (trial % 5 == 3)
            {
                Array.Sort(keys);
            }
            else if (trial % 5 == 4)
            {
                Array.Sort(keys);
                Array.Reverse(keys);
            }
            ulong[] packed = [.. keys.Select((k, i) => FeatureOrder.Pack(k, i))];
            uint or = 0;
            foreach (int k in keys)
            {
                or |= (uint)k;
            }
            FeatureOrder.Sort(packed, new ulong[count], FeatureOrder.KeyBits(or));
            // Enumerable.OrderBy is a stable sort: equal keys stay in position order.
            int[] expectedItems = [.. Enumerable.Range(0, count).OrderBy(i => keys[i])];
            Assert.Equal(expectedItems, packed.Select(FeatureOrder.Item));
            Assert.Equal(expectedItems.Select(i => keys[i]), packed.Select(FeatureOrder.Key));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, 2)]
    [InlineData(4, 11)]
    [InlineData(5, 12)]
    [InlineData(7, 3)]
    [InlineData(8, 4)]
    [InlineData(9, 5)]
    [InlineData(10, 6)]
    [InlineData(16, 7)]
    [InlineData(17, 8)]
    [InlineData(40, 9)]
    public void Accumulate_is_bit_identical_to_the_scalar_reference(int labels, int seed)
    {
        var random = new Random(seed);
        const int inputs = 64;
        float[] weights = new float[inputs * labels];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = random.Next(3) == 0 ? 0f : (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-4, 3)));
        }
        for (int row = 0; row < inputs; row += random.Next(1, 4))
        {
            weights.AsSpan(row * labels, labels).Clear(); // all-zero rows, which the packed layout leaves out
        }
        float[] bias = [.. Enumerable.Range(0, labels).Select(_ => (float)random.NextDouble())];
        foreach (bool slotTable in new[] { true, false }) // the direct slot table and the rank words
        {
            var layer = new LinearLayer("test", Activation.Softmax, [.. Enumerable.Range(0, labels).Select(i => $"l{i}")], inputs, bias, weights, slotTable);
            for (int trial = 0; trial < 50; trial++)
            {
                Feature[] features = [.. Enumerable.Range(0, random.Next(0, 400)).Select(_ => new Feature(random.Next(inputs), (float)random.NextDouble() / 10f, 0, 1, FeatureKind.Word, 0))];
                float[] expected = (float[])bias.Clone();
                layer.AccumulateReference(features, expected);
                float[] actual = (float[])bias.Clone();
                layer.Accumulate(features, actual);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
            for (int feature = 0; feature < inputs; feature++)
            {
                float mean = 0;
                foreach (float w in layer.Row(feature))
                {
                    mean += w;
                }
                Assert.Equal(mean / labels, layer.RowMean(feature));
                Assert.Equal(layer.Row(feature).ContainsAnyExcept(0f), layer.PackedRank(feature) >= 0);
            }
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 3)]
    [InlineData(20, 4)]
    public void Merged_ordered_accumulation_matches_the_reference_and_the_trainers_vector(int labels, int seed)
    {
        var random = new Random(seed);
        const int inputs = 64;
        float[] weights = [.. Enumerable.Range(0, inputs * labels).Select(i => (i / labels) % 3 == 0 ? 0f : (float)((random.NextDouble() - 0.5) * 4))];
        float[] bias = [.. Enumerable.Range(0, labels).Select(_ => (float)random.NextDouble())];
        foreach (bool slotTable in new[] { true, false }) // the direct slot table and the rank words
        {
            var layer = new LinearLayer("test", Activation.Identity, [.. Enumerable.Range(0, labels).Select(i => $"l{i}")], inputs, bias, weights, slotTable);
            for (int trial = 0; trial < 50; trial++)
            {
                // Feature values are 1, 0.5 or 0.25, as the extractor writes them; few distinct indices, so runs are long.
                Feature[] raw = [.. Enumerable.Range(0, random.Next(1, 300)).Select(i => new Feature(random.Next(inputs), 1f / (1 << random.Next(3)), i, 1, FeatureKind.Word, 0))];

                // The reference: group equal indices (ascending), each at its first occurrence, values summed; the
                // scale from the merged values' squares summed in double in index order.
                var groups = raw.GroupBy(f => f.Index).OrderBy(g => g.Key).Select(g => (First: g.First(), Sum: g.Sum(f => (double)f.Value))).ToArray();
                double squares = 0;
                foreach (var g in groups)
                {
                    squares += g.Sum * g.Sum;
                }
                float expectedScale = (float)(1.0 / Math.Sqrt(squares));
                Feature[] gathered = [.. groups.Select(g => g.First with { Value = (float)g.Sum * expectedScale })];

                Feature[] merged = (Feature[])raw.Clone();
                ulong[] order = new ulong[raw.Length];
                int unique = FeatureExtractor.SortMergeAndScale(merged, order, new ulong[raw.Length], out float scale);
                Assert.Equal(groups.Length, unique);
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedScale), BitConverter.SingleToInt32Bits(scale));
                Assert.Equal(groups.Select(g => g.First.Start), order[..unique].Select(o => merged[FeatureOrder.Item(o)].Start));

                float[] expected = (float[])bias.Clone();
                layer.AccumulateReference(gathered, expected);
                float[] actual = (float[])bias.Clone();
                int[] ranks = new int[unique];
                layer.AccumulateOrdered(merged, order.AsSpan(0, unique), scale, actual, ranks);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(gathered.Select(f => layer.PackedRank(f.Index)), ranks);

                // Normalise (the trainer's and Extract's path) makes exactly the gathered features of the raw ones, and
                // Evaluate over their indices and values (how the trainer and evaluator score) gives the same sums.
                var list = new PooledList<Feature>(raw.Length);
                foreach (Feature f in raw)
                {
                    list.Add(f);
                }
                Assert.Equal(unique, FeatureExtractor.Normalise(ref list));
                Assert.Equal(gathered, list.Span.ToArray());
                int[] indices = new int[unique];
                float[] values = new float[unique];
                FeatureExtractor.Split(list.Span, indices, values);
                list.Dispose();
                float[] evaluated = new float[labels];
                layer.Evaluate(indices, values, evaluated);
                Assert.Equal(actual.Select(BitConverter.SingleToInt32Bits), evaluated.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Theory]
    [InlineData(9, 1, 0u)]
    [InlineData(3, 2, 0u)]
    [InlineData(9, 3, uint.MaxValue - 20)] // the generation stamps wrap during the trials
    public void FeatureMerger_merges_like_the_index_sort_in_first_occurrence_order(int labels, int seed, uint startGeneration)
    {
        var random = new Random(seed);
        const int inputs = 5000;
        float[] weights = [.. Enumerable.Range(0, inputs * labels).Select(i => (i / labels) % 3 == 0 ? 0f : (float)((random.NextDouble() - 0.5) * 4))];
        float[] bias = [.. Enumerable.Range(0, labels).Select(_ => (float)random.NextDouble())];
        var layer = new LinearLayer("test", Activation.Identity, [.. Enumerable.Range(0, labels).Select(i => $"l{i}")], inputs, bias, weights, slotTable: false);
        var merger = new FeatureMerger(); // one merger for every trial, as the analyzer keeps one per thread
        merger.SetGenerationForTest(startGeneration);
        for (int trial = 0; trial < 60; trial++)
        {
            // From a few distinct indices (long runs of equal ones) to thousands (the table grows past its 2,048 slots).
            int count = trial < 50 ? random.Next(0, 700) : random.Next(1500, 5000);
            int distinct = random.Next(1, inputs);
            Feature[] raw = [.. Enumerable.Range(0, count).Select(i => new Feature(random.Next(distinct), 1f / (1 << random.Next(3)), i, 1, FeatureKind.Word, 0))];

            Feature[] sorted = (Feature[])raw.Clone();
            ulong[] sortedOrder = new ulong[count];
            int expectedUnique = FeatureExtractor.SortMergeAndScale(sorted, sortedOrder, new ulong[count], out float expectedScale);

            Feature[] merged = (Feature[])raw.Clone();
            ulong[] order = new ulong[count];
            int unique = merger.MergeAndScale(merged, order, out float scale);

            // The same merged features, each at its first occurrence, listed in the order they first occur; the same scale.
            Assert.Equal(expectedUnique, unique);
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedScale), BitConverter.SingleToInt32Bits(scale));
            var firsts = raw.Select((f, i) => (f.Index, Position: i)).GroupBy(p => p.Index).Select(g => g.First().Position).Order().ToArray();
            Assert.Equal(firsts, order[..unique].Select(FeatureOrder.Item));
            Assert.Equal(sortedOrder[..expectedUnique].Order(), order[..unique].Order());
            foreach (ulong element in order[..unique])
            {
                Assert.Equal(sorted[FeatureOrder.Item(element)], merged[FeatureOrder.Item(element)]);
            }

            // Scored in that order the sums are the reference's over the gathered features in that order, bit for bit,
            // and within float rounding of the index-ordered sums the trainer's vector gives.
            Feature[] gathered = [.. order[..unique].Select(o => merged[FeatureOrder.Item(o)] with { Value = merged[FeatureOrder.Item(o)].Value * scale })];
            float[] expected = (float[])bias.Clone();
            layer.AccumulateReference(gathered, expected);
            float[] actual = (float[])bias.Clone();
            layer.AccumulateOrdered(merged, order.AsSpan(0, unique), scale, actual, new int[unique]);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            float[] indexOrdered = (float[])bias.Clone();
            layer.AccumulateOrdered(sorted, sortedOrder.AsSpan(0, expectedUnique), expectedScale, indexOrdered, new int[expectedUnique]);
            // Float rounding of a sum grows with the magnitude of its terms: |weight| <= 2, so 2 x the scaled values bound them.
            double magnitude = 1 + (2 * gathered.Sum(f => (double)f.Value));
            for (int c = 0; c < labels; c++)
            {
                Assert.True(Math.Abs(actual[c] - indexOrdered[c]) <= 1e-5 * magnitude, $"label {c}: {actual[c]} vs {indexOrdered[c]}");
            }
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    [InlineData(9, 3)]
    [InlineData(16, 4)]
    [InlineData(17, 5)]
    public void Evaluate_over_packed_rows_is_bit_identical_to_the_full_matrix_reference(int labels, int seed)
    {
        var random = new Random(seed);
        const int inputs = 128;
        float[] weights = [.. Enumerable.Range(0, inputs * labels).Select(i => (i / labels) % 3 == 0 ? 0f : (float)((random.NextDouble() - 0.5) * 4))];
        float[] bias = [.. Enumerable.Range(0, labels).Select(_ => (float)random.NextDouble())];
        foreach (Activation activation in new[] { Activation.Softmax, Activation.Sigmoid, Activation.Identity })
        {
            foreach (bool slotTable in new[] { true, false }) // the direct slot table and the rank words
            {
                var layer = new LinearLayer("test", activation, [.. Enumerable.Range(0, labels).Select(i => $"l{i}")], inputs, bias, weights, slotTable);
                for (int trial = 0; trial < 50; trial++)
                {
                    int n = random.Next(0, 200);
                    // Unsorted, repeated and out of range in odd trials; every index in range in even ones (the nine-label
                    // loop's unrolled path, which tests the range once per call).
                    int[] indices = [.. Enumerable.Range(0, n).Select(_ => trial % 2 == 0 ? random.Next(inputs) : random.Next(-5, inputs + 5))];
                    float[] values = [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.3))];
                    float[] expected = new float[labels];
                    layer.EvaluateReference(indices, values, expected);
                    float[] actual = new float[labels];
                    layer.Evaluate(indices, values, actual);
                    Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
                }
            }
        }
    }

    [Fact]
    public void Range_test_over_all_indices_matches_the_per_index_test()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 2000; trial++)
        {
            int n = random.Next(0, 40);
            uint dimension = (uint)random.Next(1, 300);
            int[] indices = [.. Enumerable.Range(0, n).Select(_ => random.Next(8) switch
            {
                0 => random.Next(int.MinValue, 0),
                1 => (int)dimension + random.Next(0, 3),
                _ => random.Next((int)dimension),
            })];
            Assert.Equal(indices.All(i => (uint)i < dimension), LinearLayer.AllBelow(indices, dimension));
        }
    }

    [Fact]
    public void Vectorised_word_reading_matches_the_character_loop_on_random_text()
    {
        var random = new Random(11);
        // Every class the word loop distinguishes: ASCII letters and digits (the vectorised runs), apostrophes, hyphens,
        // slashes, dots, spaces, '@', accented and non-Latin letters, combining marks, a soft hyphen, a joiner,
        // surrogate-pair letters (U+1D400) and emoji, lone surrogates, and characters just outside the ASCII ranges.
        string[] pieces =
        [
            "a", "Z", "q", "7", "0", "word", "Library", "2026", "'", "\u2019", "-", "\u2010", "/", ".", " ", "\n", "@", ",", "?",
            "\u00E9", "\u00DF", "\u03A3", "\u0301", "\u00AD", "\u200D", "\U0001D400", "\U0001F600", "\uD800", "\uDC00",
            "`", "{", "[", "@", ":", "/", "\u0080", "\u00FF", "\u0100", "_",
        ];
        int compared = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var builder = new System.Text.StringBuilder();
            int parts = random.Next(0, 40);
            for (int p = 0; p < parts; p++)
            {
                // Long runs of letters and digits as well, so whole 16-character vectors and the scalar tail both occur.
                builder.Append(random.Next(4) == 0 ? new string('x', random.Next(1, 40)) : pieces[random.Next(pieces.Length)]);
            }
            string text = builder.ToString();
            for (int i = 0; i <= text.Length; i++)
            {
                Assert.Equal(Tokenizer.ReadWordScalar(text, i, singleLetter: false), Tokenizer.ReadWord(text, i, singleLetter: false));
                Assert.Equal(Tokenizer.ReadWordScalar(text, i, singleLetter: true), Tokenizer.ReadWord(text, i, singleLetter: true));
                Assert.Equal(Tokenizer.ReadWordScalar(text, i, singleLetter: true), Tokenizer.ReadWordInline(text, i));
                int skipped = i;
                while (skipped < text.Length && char.IsAsciiLetterOrDigit(text[skipped]))
                {
                    skipped++;
                }
                Assert.Equal(skipped, Tokenizer.SkipAsciiLettersAndDigits(text, i));
                compared++;
            }
        }
        Assert.True(compared > 50_000, $"only {compared} positions compared");
    }

    [Fact]
    public void Sentence_splitting_at_indexed_marks_matches_testing_every_token_on_random_text()
    {
        var random = new Random(23);
        // Sentence marks alone and in words, numbers, abbreviations and addresses; closers; lower and upper case
        // continuations; titles, initials and "no. 5"; bullets, numbered items, headings, blank and indented lines.
        string[] pieces =
        [
            "word", "Library", "we", "I", "the", " ", " ", " ", " ", ".", ". ", "!", "?", "?!", "...", "\u2026", "\u203D", "U.K.", "e.g.", "i.e.",
            "etc.", "3.5", "v1.2", "www.cilip.org.uk", "a.b@c.uk", "http://x.io/a?b", ")", "\"", "\u201D", "'", "]", "Dr.", "Mr.", "J.", "no.", "p.",
            " 12", " Smith", " then", "\n", "\n\n", "\r\n", "\n- ", "\n* ", "\n1. ", "\n(a) ", "\n  ", "\n# ", "\nHeading\n", "\u2028", ";", ",",
        ];
        var fast = new TextLayout();
        var reference = new TextLayout();
        int sentences = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var builder = new System.Text.StringBuilder();
            int parts = random.Next(0, 80);
            for (int p = 0; p < parts; p++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }
            string text = builder.ToString();
            fast.Load(text);
            reference.LoadReference(text);
            Assert.Equal(reference.Tokens.ToArray(), fast.Tokens.ToArray());
            Assert.Equal(reference.Sentences.ToArray(), fast.Sentences.ToArray());
            Assert.Equal(reference.Paragraphs.ToArray(), fast.Paragraphs.ToArray());
            sentences += fast.Sentences.Length;
        }
        Assert.True(sentences > 20_000, $"only {sentences} sentences compared");
    }

    [Fact]
    public void Character_grams_match_the_reference_on_random_words()
    {
        FeatureExtractor extractor = ReflectionModel.Default.Extractor;
        var random = new Random(42);
        // ASCII letters of both cases, accented letters, typographic apostrophes and the boundary marks themselves.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉßİıΣς\u2019\u02BC'^$-0";
        var expected = new PooledList<Feature>(64);
        var actual = new PooledList<Feature>(64);
        try
        {
            for (int trial = 0; trial < 2000; trial++)
            {
                int length = random.Next(2, 33);
                string word = new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                var token = new Token(random.Next(100), length, TokenKind.Word);
                expected.Clear();
                actual.Clear();
                extractor.AddCharGramsReference(word, token, ref expected);
                extractor.AddCharGramsForTest(word, token, ref actual);
                Assert.Equal(expected.Span.ToArray(), actual.Span.ToArray());
            }
        }
        finally
        {
            expected.Dispose();
            actual.Dispose();
        }
    }

    [Fact]
    public void A_driver_that_cannot_enter_would_not_change_the_slots()
    {
        var random = new Random(7);
        int skipped = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            // Small weights and spans so that ties, duplicates of a span, empty slots and unsorted slots all occur.
            Driver[] slots = [.. Enumerable.Range(0, AnalysisScratch.MaxDrivers).Select(_ => RandomDriver(random))];
            if (random.Next(2) == 0)
            {
                Array.Sort(slots, (a, b) => b.Weight.CompareTo(a.Weight));
            }
            Driver candidate = RandomDriver(random);
            // The driver pass tests "weight <= EntryBound(slots)", recomputed only when the slots change: the same answer.
            float bound = ReflectionAnalyzer.EntryBound(slots);
            Assert.Equal(ReflectionAnalyzer.CannotEnter(slots, candidate.Weight), candidate.Weight <= bound);
            Assert.Equal(ReflectionAnalyzer.CannotEnter(slots, float.NaN), float.NaN <= bound);
            if (!ReflectionAnalyzer.CannotEnter(slots, candidate.Weight))
            {
                continue;
            }
            skipped++;
            Driver[] after = (Driver[])slots.Clone();
            ReflectionAnalyzer.Offer(after, candidate);
            Assert.Equal(slots, after);
        }
        Assert.True(skipped > 1000, $"only {skipped} candidates were skipped: the test does not exercise the shortcut");
    }

    [Fact]
    public void Offer_keeps_the_strongest_drivers_whatever_the_order_of_the_offers()
    {
        // Filled in arrival order and never sorted, the third slot was taken for the weakest: 0.4 then evicted 0.5, not 0.3.
        Driver[] fixedSlots = new Driver[AnalysisScratch.MaxDrivers];
        foreach (float weight in new[] { 0.3f, 0.9f, 0.5f, 0.4f })
        {
            ReflectionAnalyzer.Offer(fixedSlots, new Driver((int)(weight * 10), 1, FeatureKind.Word, 0, weight));
        }
        Assert.Equal([0.9f, 0.5f, 0.4f], fixedSlots.Select(d => d.Weight));

        var random = new Random(11);
        for (int trial = 0; trial < 5000; trial++)
        {
            // Few spans and weights, so that one span is offered several times, and ties, non-positive and NaN weights occur.
            Driver[] offers = [.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => RandomDriver(random) with
            {
                Start = random.Next(6),
                Weight = random.Next(12) == 0 ? float.NaN : random.Next(-2, 9) / 4f,
            })];
            // The reference: each span and kind at its strongest positive weight, strongest first, the first few.
            float[] expected = [.. offers.Where(d => d.Weight > 0).GroupBy(d => (d.Start, d.Length, d.Kind)).Select(g => g.Max(d => d.Weight))
                .OrderByDescending(w => w).Take(AnalysisScratch.MaxDrivers)];
            Driver[] slots = new Driver[AnalysisScratch.MaxDrivers];
            foreach (Driver offer in offers)
            {
                ReflectionAnalyzer.Offer(slots, offer);
            }
            Assert.Equal(expected, slots.Where(d => d.Weight > 0).Select(d => d.Weight));
            Assert.All(slots.Skip(expected.Length), d => Assert.Equal(default, d));
            Assert.Equal(slots.Length, slots.Where(d => d.Weight > 0).Select(d => (d.Start, d.Length, d.Kind)).Distinct().Count() + slots.Count(d => d.Weight == 0));
            foreach (Driver kept in slots.Where(d => d.Weight > 0))
            {
                Assert.Contains(kept, offers); // every kept driver is one that was offered, at the weight it was offered with
            }
        }
    }

    private static Driver RandomDriver(Random random) =>
        new(random.Next(3), random.Next(1, 3), (FeatureKind)random.Next(2), 0, random.Next(5) == 0 ? 0f : random.Next(-2, 6) / 2f);

    [Fact]
    public void Cached_character_grams_give_the_same_features_as_computing_them()
    {
        FeatureExtractor extractor = ReflectionModel.Default.Extractor;
        var scratch = new AnalysisScratch();
        var plain = new PooledList<Feature>(512);
        try
        {
            foreach (string file in Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt"))
            {
                string text = File.ReadAllText(file);
                // Twice over the same text: the second load must not see the first load's cache.
                foreach (string input in new[] { text, text.ToUpperInvariant() + " Extra wording, here.", text })
                {
                    scratch.Load(input, extractor.Lexicon);
                    for (int s = 0; s < scratch.Layout.Sentences.Length; s++)
                    {
                        AssertSame(input, scratch, s, isParagraph: false);
                    }
                    for (int p = 0; p < scratch.Layout.Paragraphs.Length; p++)
                    {
                        AssertSame(input, scratch, p, isParagraph: true);
                    }
                }
            }
        }
        finally
        {
            plain.Dispose();
        }

        void AssertSame(string input, AnalysisScratch scratch, int i, bool isParagraph)
        {
            if (isParagraph)
            {
                SpanFeaturizer.ExtractParagraph(extractor, input, scratch, i);
            }
            else
            {
                SpanFeaturizer.ExtractSentence(extractor, input, scratch, i);
            }
            SentenceView view = isParagraph ? scratch.ParagraphViews[i] : scratch.Views[i];
            ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
            SentenceView previous = !isParagraph && i > 0 && sentences[i - 1].Paragraph == sentences[i].Paragraph ? scratch.Views[i - 1] : default;
            SentenceView next = !isParagraph && i + 1 < sentences.Length && sentences[i + 1].Paragraph == sentences[i].Paragraph ? scratch.Views[i + 1] : default;
            extractor.Extract(input, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, view, previous, next, ref plain, charGrams: null);
            Assert.Equal(plain.Span.ToArray(), scratch.Features.Span.ToArray());
        }
    }
}
