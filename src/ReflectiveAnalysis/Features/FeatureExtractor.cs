using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Features;

/// <summary>Where a feature came from, for explanations.</summary>
internal enum FeatureKind : byte
{
    Word,
    Bigram,
    CharGram,
    Cue,
    Shape,
    ContextWord,
    ContextCue,
}

/// <summary>
/// One active feature: a hashed index, its value, and the span of text it came from (for explanations).
/// </summary>
internal readonly record struct Feature(int Index, float Value, int Start, int Length, FeatureKind Kind, short Detail);

/// <summary>A sentence as the extractor sees it: its tokens, its cues, and where it sits in its paragraph.</summary>
internal readonly record struct SentenceView(int FirstToken, int TokenCount, int FirstCue, int CueCount, int PositionInParagraph, int ParagraphSentenceCount, BlockKind Block)
{
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>
/// Turns a sentence (and its neighbours, as context) into hashed sparse features without allocating strings:
/// case-folded word unigrams and bigrams, character 3- and 4-grams within words, cue families, sentence shape
/// and position, and the neighbours' words and cues. The vector is L2-normalised. The same code computes features
/// for training (the trainer feeds them to ML.NET) and at run time, so the two can never drift apart.
/// </summary>
internal sealed class FeatureExtractor
{
    /// <summary>Version of the feature definitions; a model records the version it was trained with.</summary>
    public const int FeatureSetVersion = 1;

    private const ulong NsWord = 1, NsBigram = 2, NsChar = 3, NsCue = 4, NsShape = 5, NsPrevWord = 6, NsNextWord = 7, NsPrevCue = 8, NsNextCue = 9, NsTrigram = 10, NsOpening = 11;
    private const float TrigramWeight = 0.5f;
    private const float ContextWeight = 0.5f;
    private const int MaxCharGramWordLength = 32;
    private const float CharGramWeight = 0.25f;

    private static readonly ulong s_number = TextHash.Of("<num>");
    private static readonly ulong s_url = TextHash.Of("<url>");
    private static readonly ulong s_symbol = TextHash.Of("<sym>");
    private static readonly ulong s_begin = TextHash.Of("<s>");
    private static readonly ulong s_end = TextHash.Of("</s>");

    private readonly CueLexicon _lexicon;
    private readonly int _mask;

    public FeatureExtractor(CueLexicon lexicon, int hashBits)
    {
        _lexicon = lexicon;
        HashBits = hashBits;
        Dimension = 1 << hashBits;
        _mask = Dimension - 1;
    }

    public int HashBits { get; }

    public int Dimension { get; }

    public CueLexicon Lexicon => _lexicon;

    /// <summary>The hash a token contributes as a word: case-folded text, or a class marker for numbers, addresses and symbols.</summary>
    public static ulong WordHash(ReadOnlySpan<char> text, Token token) => token.Kind switch
    {
        TokenKind.Number => s_number,
        TokenKind.Url or TokenKind.Email => s_url,
        TokenKind.Symbol => s_symbol,
        _ => TextHash.Of(text.Slice(token.Start, token.Length)),
    };

    /// <summary>
    /// Adds the features of <paramref name="sentence"/> to <paramref name="features"/> (cleared first), merged by
    /// index and L2-normalised, and returns the number of features.
    /// </summary>
    public int Extract(
        ReadOnlySpan<char> text,
        ReadOnlySpan<Token> tokens,
        ReadOnlySpan<ulong> hashes,
        ReadOnlySpan<CueMatch> cues,
        in SentenceView sentence,
        in SentenceView previous,
        in SentenceView next,
        ref PooledList<Feature> features,
        CharGramCache? charGrams = null)
    {
        ExtractUnnormalised(text, tokens, hashes, cues, sentence, previous, next, ref features, charGrams);
        return Normalise(ref features);
    }

    /// <summary>
    /// The features of <see cref="Extract"/> in the order they are emitted, neither sorted nor normalised; with
    /// <see cref="SortMergeAndScale"/> they are exactly <see cref="Extract"/>'s vector.
    /// </summary>
    public void ExtractUnnormalised(
        ReadOnlySpan<char> text,
        ReadOnlySpan<Token> tokens,
        ReadOnlySpan<ulong> hashes,
        ReadOnlySpan<CueMatch> cues,
        in SentenceView sentence,
        in SentenceView previous,
        in SentenceView next,
        ref PooledList<Feature> features,
        CharGramCache? charGrams = null)
    {
        features.Clear();
        AddWords(text, tokens, hashes, sentence, ref features, charGrams);
        AddCues(tokens, cues, sentence, NsCue, 1f, FeatureKind.Cue, ref features);
        AddShape(text, tokens, hashes, cues, sentence, ref features);
        if (previous.TokenCount > 0)
        {
            AddContextWords(tokens, hashes, previous, NsPrevWord, ref features);
            AddCues(tokens, cues, previous, NsPrevCue, ContextWeight, FeatureKind.ContextCue, ref features);
        }
        if (next.TokenCount > 0)
        {
            AddContextWords(tokens, hashes, next, NsNextWord, ref features);
            AddCues(tokens, cues, next, NsNextCue, ContextWeight, FeatureKind.ContextCue, ref features);
        }
    }

    private void AddWords(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> hashes, in SentenceView sentence, ref PooledList<Feature> features, CharGramCache? charGrams)
    {
        ulong previous = s_begin;
        ulong beforePrevious = s_begin;
        int previousStart = tokens[sentence.FirstToken].Start;
        int beforePreviousStart = previousStart;
        int words = 0;
        for (int t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            Token token = tokens[t];
            ulong hash = hashes[t];
            features.Add(new Feature(Index(NsWord, hash), 1f, token.Start, token.Length, FeatureKind.Word, 0));
            if (token.Kind != TokenKind.Punctuation)
            {
                features.Add(new Feature(Index(NsBigram, TextHash.Mix(previous, hash)), 1f, previousStart, token.End - previousStart, FeatureKind.Bigram, 0));
                features.Add(new Feature(Index(NsTrigram, TextHash.Mix(TextHash.Mix(beforePrevious, previous), hash)), TrigramWeight, beforePreviousStart, token.End - beforePreviousStart, FeatureKind.Bigram, 0));
                words++;
                if (words == 2)
                {
                    // The sentence's opening two words ("I will", "I learned", "In future") as one feature.
                    features.Add(new Feature(Index(NsOpening, TextHash.Mix(previous, hash)), 1f, previousStart, token.End - previousStart, FeatureKind.Bigram, 0));
                }
                beforePrevious = previous;
                beforePreviousStart = previousStart;
                previous = hash;
                previousStart = token.Start;
            }
            if (token.Kind == TokenKind.Word && token.Length >= 2)
            {
                if (charGrams is null)
                {
                    AddCharGrams(text.Slice(token.Start, Math.Min(token.Length, MaxCharGramWordLength)), token, ref features);
                }
                else
                {
                    foreach (int index in charGrams.Get(this, text, token, t))
                    {
                        features.Add(new Feature(index, CharGramWeight, token.Start, token.Length, FeatureKind.CharGram, 0));
                    }
                }
            }
        }
        Token last = tokens[sentence.EndToken - 1];
        features.Add(new Feature(Index(NsBigram, TextHash.Mix(previous, s_end)), 1f, previousStart, last.End - previousStart, FeatureKind.Bigram, 0));
    }

    /// <summary>Character 3- and 4-grams of the word wrapped in boundary marks ("^word$"), weighted down so a long word does not swamp its sentence.</summary>
    /// <remarks>
    /// FNV-1a is sequential, so a 4-gram's hash is its leading 3-gram's hash with one more character added: the
    /// 3-gram hashes are kept and extended instead of rehashing every 4-gram from the seed (why: character grams
    /// are ~60% of a sentence's features). Features are emitted in the original order, all 3-grams then all
    /// 4-grams; <see cref="AddCharGramsReference"/> is the plain form the tests compare against.
    /// </remarks>
    private void AddCharGrams(ReadOnlySpan<char> word, Token token, ref PooledList<Feature> features)
    {
        Span<int> indices = stackalloc int[(2 * MaxCharGramWordLength) + 1];
        int count = CharGramIndices(word, indices);
        foreach (int index in indices[..count])
        {
            features.Add(new Feature(index, CharGramWeight, token.Start, token.Length, FeatureKind.CharGram, 0));
        }
    }

    /// <summary>Appends the character-gram indices of a word token (for <see cref="CharGramCache"/>).</summary>
    internal void AddCharGramIndices(ReadOnlySpan<char> text, Token token, ref PooledList<int> indices)
    {
        Span<int> buffer = stackalloc int[(2 * MaxCharGramWordLength) + 1];
        int count = CharGramIndices(text.Slice(token.Start, Math.Min(token.Length, MaxCharGramWordLength)), buffer);
        foreach (int index in buffer[..count])
        {
            indices.Add(index);
        }
    }

    /// <summary>Writes the indices of the word's 3-grams then 4-grams; returns how many.</summary>
    private int CharGramIndices(ReadOnlySpan<char> word, Span<int> indices)
    {
        int length = word.Length + 2;
        Span<char> marked = stackalloc char[MaxCharGramWordLength + 2];
        marked[0] = '^';
        word.CopyTo(marked[1..]);
        marked[length - 1] = '$';
        Span<ulong> trigrams = stackalloc ulong[MaxCharGramWordLength];
        int count = 0;
        for (int i = 0; i + 3 <= length; i++)
        {
            ulong hash = TextHash.Add(TextHash.Add(TextHash.Add(TextHash.Seed, marked[i]), marked[i + 1]), marked[i + 2]);
            trigrams[i] = hash;
            indices[count++] = Index(NsChar, TextHash.Mix(3UL, hash));
        }
        for (int i = 0; i + 4 <= length; i++)
        {
            ulong hash = TextHash.Add(trigrams[i], marked[i + 3]);
            indices[count++] = Index(NsChar, TextHash.Mix(4UL, hash));
        }
        return count;
    }

    /// <summary>The original character-gram loop, kept as the reference <see cref="AddCharGrams"/> must match.</summary>
    internal void AddCharGramsReference(ReadOnlySpan<char> word, Token token, ref PooledList<Feature> features)
    {
        int length = word.Length + 2;
        float weight = 0.25f;
        for (int n = 3; n <= 4; n++)
        {
            for (int i = 0; i + n <= length; i++)
            {
                ulong hash = TextHash.Seed;
                for (int k = i; k < i + n; k++)
                {
                    char c = k == 0 ? '^' : k == length - 1 ? '$' : word[k - 1];
                    hash = TextHash.Add(hash, c);
                }
                features.Add(new Feature(Index(NsChar, TextHash.Mix((ulong)n, hash)), weight, token.Start, token.Length, FeatureKind.CharGram, 0));
            }
        }
    }

    /// <summary>Test hook: the fast character grams of a word.</summary>
    internal void AddCharGramsForTest(ReadOnlySpan<char> word, Token token, ref PooledList<Feature> features) => AddCharGrams(word, token, ref features);

    private void AddCues(ReadOnlySpan<Token> tokens, ReadOnlySpan<CueMatch> cues, in SentenceView sentence, ulong ns, float weight, FeatureKind kind, ref PooledList<Feature> features)
    {
        foreach (CueMatch cue in cues.Slice(sentence.FirstCue, sentence.CueCount))
        {
            Token first = tokens[cue.FirstToken];
            Token last = tokens[cue.FirstToken + cue.TokenCount - 1];
            features.Add(new Feature(Index(ns, (ulong)cue.Family + 1), weight, first.Start, last.End - first.Start, kind, (short)cue.Family));
        }
    }

    private void AddContextWords(ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> hashes, in SentenceView sentence, ulong ns, ref PooledList<Feature> features)
    {
        for (int t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            if (tokens[t].Kind is TokenKind.Word)
            {
                features.Add(new Feature(Index(ns, hashes[t]), ContextWeight * 0.5f, tokens[t].Start, tokens[t].Length, FeatureKind.ContextWord, 0));
            }
        }
    }

    private void AddShape(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> hashes, ReadOnlySpan<CueMatch> cues, in SentenceView sentence, ref PooledList<Feature> features)
    {
        Token first = tokens[sentence.FirstToken];
        Token last = tokens[sentence.EndToken - 1];
        int start = first.Start;
        int length = last.End - start;
        int words = 0;
        bool question = false, firstPerson = false, number = false;
        for (int t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            Token token = tokens[t];
            switch (token.Kind)
            {
                case TokenKind.Word:
                    words++;
                    firstPerson |= CueLexicon.FirstPersonHashes.AsSpan().Contains(hashes[t]);
                    break;
                case TokenKind.Number:
                    number = true;
                    break;
                case TokenKind.Punctuation:
                    question |= text[token.Start] == '?';
                    break;
            }
        }
        int lengthBucket = words switch { <= 5 => 0, <= 10 => 1, <= 20 => 2, <= 35 => 3, _ => 4 };
        AddShape(1, lengthBucket, start, length, ref features);
        AddShape(2, Math.Min(sentence.PositionInParagraph, 3), start, length, ref features);
        AddShape(3, sentence.PositionInParagraph == sentence.ParagraphSentenceCount - 1 ? 1 : 0, start, length, ref features);
        AddShape(4, sentence.ParagraphSentenceCount == 1 ? 1 : 0, start, length, ref features);
        AddShape(5, (int)sentence.Block, start, length, ref features);
        if (question)
        {
            AddShape(6, 1, start, length, ref features);
        }
        if (firstPerson)
        {
            AddShape(7, 1, start, length, ref features);
        }
        if (CueLexicon.FirstPersonHashes.AsSpan().Contains(hashes[sentence.FirstToken]))
        {
            AddShape(8, 1, start, length, ref features);
        }
        if (number)
        {
            AddShape(9, 1, start, length, ref features);
        }
        if (sentence.CueCount == 0)
        {
            AddShape(10, 1, start, length, ref features);
        }
    }

    private void AddShape(int shape, int value, int start, int length, ref PooledList<Feature> features) =>
        features.Add(new Feature(Index(NsShape, ((ulong)shape << 8) | (uint)value), 1f, start, length, FeatureKind.Shape, (short)shape));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(ulong ns, ulong hash) => (int)(TextHash.Mix(ns, hash) & (ulong)_mask);

    /// <summary>
    /// Sorts the features by index, merges equal indices and scales the values so that the vector has unit length:
    /// afterwards the list holds one feature per distinct index, ascending, each at its first occurrence's span, with
    /// value (sum of the occurrences' values) x scale. Returns the feature count.
    /// </summary>
    internal static int Normalise(ref PooledList<Feature> features)
    {
        Span<Feature> span = features.Span;
        int n = span.Length;
        if (n == 0)
        {
            return 0;
        }
        ulong[] rented = System.Buffers.ArrayPool<ulong>.Shared.Rent(2 * n);
        Span<ulong> order = rented.AsSpan(0, n);
        int unique = SortMergeAndScale(span, order, rented.AsSpan(n, n), out float scale);
        Feature[] rentedCopy = System.Buffers.ArrayPool<Feature>.Shared.Rent(n);
        Span<Feature> copy = rentedCopy.AsSpan(0, n);
        span.CopyTo(copy);
        for (int k = 0; k < unique; k++)
        {
            Feature f = copy[FeatureOrder.Item(order[k])];
            span[k] = f with { Value = f.Value * scale };
        }
        features.Truncate(unique);
        System.Buffers.ArrayPool<Feature>.Shared.Return(rentedCopy);
        System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
        return unique;
    }

    /// <summary>
    /// The normalisation of <see cref="Normalise"/> without moving the features: sorts the features' positions by
    /// index into <paramref name="order"/> (<see cref="FeatureOrder"/>; <paramref name="buffer"/> is the sort's
    /// scratch, as long as <paramref name="features"/>), merges each run of equal indices into its first occurrence
    /// (whose value becomes the run's sum) and compacts <paramref name="order"/> to those first occurrences.
    /// Returns their count; <paramref name="scale"/> is the factor every merged value is multiplied by.
    /// </summary>
    /// <remarks>
    /// Every feature value is a power of two (1, 0.5 or 0.25), so each merged sum is exact whatever the order of its
    /// terms; the scale is 1 / sqrt(sum of the merged values' squares, in double, in index order). A scorer reading
    /// the merged features in this order with value x scale computes exactly what <c>LinearLayer.Evaluate</c>
    /// computes for the trainer's vector (<see cref="Normalise"/> then <see cref="Split"/>).
    /// </remarks>
    internal static int SortMergeAndScale(Span<Feature> features, Span<ulong> order, Span<ulong> buffer, out float scale)
    {
        int n = features.Length;
        uint keys = 0;
        for (int i = 0; i < n; i++)
        {
            int index = features[i].Index;
            order[i] = FeatureOrder.Pack(index, i);
            keys |= (uint)index;
        }
        order = order[..n];
        FeatureOrder.Sort(order, buffer, FeatureOrder.KeyBits(keys));
        double sumOfSquares = 0;
        int unique = 0;
        int k = 0;
        while (k < n)
        {
            ulong first = order[k];
            int index = FeatureOrder.Key(first);
            ref Feature head = ref features[FeatureOrder.Item(first)];
            double merged = head.Value;
            k++;
            while (k < n && FeatureOrder.Key(order[k]) == index)
            {
                merged += features[FeatureOrder.Item(order[k])].Value;
                k++;
            }
            head = head with { Value = (float)merged };
            sumOfSquares += merged * merged;
            order[unique++] = first;
        }
        scale = (float)(1.0 / Math.Sqrt(sumOfSquares));
        return unique;
    }

    /// <summary>
    /// Writes the indices and values of normalised features (index-unique and ascending after <see cref="Normalise"/>):
    /// what the trainer hands to ML.NET. <paramref name="indices"/> and <paramref name="values"/> hold at least as many
    /// elements as <paramref name="normalised"/>.
    /// </summary>
    public static void Split(ReadOnlySpan<Feature> normalised, Span<int> indices, Span<float> values)
    {
        for (int i = 0; i < normalised.Length; i++)
        {
            Debug.Assert(i == 0 || normalised[i - 1].Index < normalised[i].Index, "normalised features are index-unique and ascending");
            indices[i] = normalised[i].Index;
            values[i] = normalised[i].Value;
        }
    }
}
