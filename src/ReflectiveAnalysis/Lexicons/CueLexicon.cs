using System.Collections.Immutable;
using System.Globalization;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Lexicons;

/// <summary>One family of cue phrases: a name, what it is evidence for, and the lexicon scorer's weights.</summary>
internal sealed class CueFamily
{
    public CueFamily(int index, string name, string signal, bool requiresFirstPerson, float[] categoryWeights, float[] criterionWeights)
    {
        Index = index;
        Name = name;
        Signal = signal;
        RequiresFirstPerson = requiresFirstPerson;
        CategoryWeights = categoryWeights;
        CriterionWeights = criterionWeights;
    }

    public int Index { get; }

    public string Name { get; }

    public string Signal { get; }

    public bool RequiresFirstPerson { get; }

    /// <summary>Weight per <see cref="ReflectiveCategory"/>.</summary>
    public float[] CategoryWeights { get; }

    /// <summary>Weight per <see cref="Criterion"/>.</summary>
    public float[] CriterionWeights { get; }
}

/// <summary>A cue found in the text: a family and the tokens that matched it.</summary>
internal readonly record struct CueMatch(int Family, int FirstToken, int TokenCount);

/// <summary>
/// Cue phrases grouped into families, compiled into a word-level trie keyed by case-folded token hashes, so
/// matching reads spans and never allocates. Immutable and thread-safe once built.
/// </summary>
internal sealed class CueLexicon
{
    private const int MaxFamilies = 64;
    private const int MaxPhraseWords = 8;

    private readonly Dictionary<ulong, int> _transitions = [];
    private readonly Dictionary<ulong, ulong> _prefixes = [];
    private readonly List<ulong> _terminalFamilies = [0UL];
    private readonly List<bool> _hasPrefixChildren = [false];
    private ulong _prefixLengthMask;

    private CueLexicon(string source)
    {
        Source = source;
    }

    /// <summary>The lexicon text it was built from (kept so models can embed exactly what they were trained with).</summary>
    public string Source { get; }

    public ImmutableArray<CueFamily> Families { get; private set; }

    /// <summary>The lexicon scorer's starting score per category.</summary>
    public float[] CategoryBias { get; private set; } = new float[ReflectiveTaxonomy.CategoryCount];

    public int PhraseCount { get; private set; }

    /// <summary>Hash of the pronouns that make a first-person subject.</summary>
    internal static readonly ulong[] FirstPersonHashes = [TextHash.Of("i"), TextHash.Of("we"), TextHash.Of("my"), TextHash.Of("our"), TextHash.Of("me"), TextHash.Of("i'm"), TextHash.Of("i've"), TextHash.Of("myself")];

    /// <summary>Parses the lexicon format documented at the top of <c>cues.lex</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid lexicon; the message names the line.</exception>
    public static CueLexicon Parse(string source)
    {
        var lexicon = new CueLexicon(source);
        var families = ImmutableArray.CreateBuilder<CueFamily>();
        CueFamily? current = null;
        int lineNumber = 0;
        foreach (ReadOnlySpan<char> rawLine in source.AsSpan().EnumerateLines())
        {
            lineNumber++;
            ReadOnlySpan<char> line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            if (line[0] == '[')
            {
                int close = line.IndexOf(']');
                if (close < 0)
                {
                    throw Error(lineNumber, "a family header needs a closing ']'");
                }
                ReadOnlySpan<char> header = line[1..close].Trim();
                int space = header.IndexOf(' ');
                if (space <= 0)
                {
                    throw Error(lineNumber, "a family header is '[name signal]'");
                }
                if (families.Count >= MaxFamilies)
                {
                    throw Error(lineNumber, $"at most {MaxFamilies} families");
                }
                current = new CueFamily(families.Count, header[..space].ToString(), header[(space + 1)..].Trim().ToString(), false,
                    new float[ReflectiveTaxonomy.CategoryCount], new float[ReflectiveTaxonomy.CriterionCount]);
                families.Add(current);
                continue;
            }
            if (current is null)
            {
                throw Error(lineNumber, "a phrase before the first family header");
            }
            if (line[0] == '@')
            {
                current = ReadDirective(current, line, lineNumber, families);
                continue;
            }
            if (line.StartsWith("words:", StringComparison.Ordinal))
            {
                foreach (Range word in line[6..].Split(' '))
                {
                    ReadOnlySpan<char> w = line[6..][word].Trim();
                    if (!w.IsEmpty)
                    {
                        lexicon.AddPhrase(w, current.Index, lineNumber);
                    }
                }
                continue;
            }
            lexicon.AddPhrase(line, current.Index, lineNumber);
        }

        int bias = families.ToList().FindIndex(static f => f.Name == "bias");
        if (bias >= 0)
        {
            lexicon.CategoryBias = families[bias].CategoryWeights;
        }
        lexicon.Families = families.ToImmutable();
        return lexicon;
    }

    private static CueFamily ReadDirective(CueFamily family, ReadOnlySpan<char> line, int lineNumber, ImmutableArray<CueFamily>.Builder families)
    {
        if (line.SequenceEqual("@first-person"))
        {
            var replaced = new CueFamily(family.Index, family.Name, family.Signal, true, family.CategoryWeights, family.CriterionWeights);
            families[family.Index] = replaced;
            return replaced;
        }
        bool categories = line.StartsWith("@weights ", StringComparison.Ordinal);
        bool criteria = line.StartsWith("@criteria ", StringComparison.Ordinal);
        if (!categories && !criteria)
        {
            throw Error(lineNumber, $"unknown directive '{line}'");
        }
        ReadOnlySpan<char> pairs = line[(line.IndexOf(' ') + 1)..];
        foreach (Range r in pairs.Split(' '))
        {
            ReadOnlySpan<char> pair = pairs[r].Trim();
            if (pair.IsEmpty)
            {
                continue;
            }
            int eq = pair.IndexOf('=');
            if (eq <= 0 || !float.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out float weight))
            {
                throw Error(lineNumber, $"'{pair}' is not name=weight");
            }
            if (!float.IsFinite(weight))
            {
                throw Error(lineNumber, $"'{pair}' has a weight that is not a finite number");
            }
            ReadOnlySpan<char> name = pair[..eq];
            if (categories && ReflectiveTaxonomy.TryParseCategory(name, out ReflectiveCategory category))
            {
                family.CategoryWeights[(int)category] = weight;
            }
            else if (criteria && ReflectiveTaxonomy.TryParseCriterion(name, out Criterion criterion))
            {
                family.CriterionWeights[(int)criterion] = weight;
            }
            else
            {
                throw Error(lineNumber, $"unknown {(categories ? "category" : "criterion")} '{name}'");
            }
        }
        return family;
    }

    private static FormatException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Cue lexicon, line {line}: {message}."));

    private void AddPhrase(ReadOnlySpan<char> phrase, int family, int lineNumber)
    {
        // Split the phrase with the same tokeniser the text goes through, so "i'll" and "evidence-based" match.
        Span<Token> tokens = stackalloc Token[MaxPhraseWords + 1];
        bool wildcard = phrase[^1] == '*';
        ReadOnlySpan<char> body = wildcard ? phrase[..^1] : phrase;
        int count = Tokenizer.Tokenize(body, tokens);
        if (count == 0 || count > MaxPhraseWords)
        {
            throw Error(lineNumber, $"a phrase has 1 to {MaxPhraseWords} words");
        }
        int node = 0;
        for (int t = 0; t < count; t++)
        {
            ulong hash = TextHash.Of(tokens[t].Slice(body));
            if (wildcard && t == count - 1)
            {
                int prefixLength = tokens[t].Length;
                if (prefixLength >= 64)
                {
                    throw Error(lineNumber, "a wildcard prefix is shorter than 64 characters");
                }
                ulong key = TextHash.Mix((ulong)node, hash);
                _prefixes[key] = _prefixes.GetValueOrDefault(key) | (1UL << family);
                _prefixLengthMask |= 1UL << prefixLength;
                _hasPrefixChildren[node] = true;
                PhraseCount++;
                return;
            }
            ulong edge = TextHash.Mix((ulong)node, hash);
            if (!_transitions.TryGetValue(edge, out int next))
            {
                next = _terminalFamilies.Count;
                _terminalFamilies.Add(0UL);
                _hasPrefixChildren.Add(false);
                _transitions.Add(edge, next);
            }
            node = next;
        }
        _terminalFamilies[node] |= 1UL << family;
        PhraseCount++;
    }

    /// <summary>
    /// Finds every cue in the tokens <paramref name="firstToken"/> up to <paramref name="endToken"/> and adds
    /// it to <paramref name="matches"/>. <paramref name="tokenHashes"/> holds the case-folded hash of each token.
    /// </summary>
    public void Match(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> tokenHashes, int firstToken, int endToken, ref PooledList<CueMatch> matches)
    {
        for (int start = firstToken; start < endToken; start++)
        {
            if (tokens[start].Kind is not (TokenKind.Word or TokenKind.Number))
            {
                continue;
            }
            int node = 0;
            for (int t = start; t < endToken && t - start < MaxPhraseWords; t++)
            {
                if (_hasPrefixChildren[node] && tokens[t].Kind == TokenKind.Word)
                {
                    MatchPrefixes(text.Slice(tokens[t].Start, tokens[t].Length), node, tokens, tokenHashes, start, t, ref matches);
                }
                if (!_transitions.TryGetValue(TextHash.Mix((ulong)node, tokenHashes[t]), out node))
                {
                    break;
                }
                ulong families = _terminalFamilies[node];
                if (families != 0)
                {
                    Emit(families, tokenHashes, start, t - start + 1, ref matches);
                }
            }
        }
    }

    private void MatchPrefixes(ReadOnlySpan<char> word, int node, ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> tokenHashes, int start, int t, ref PooledList<CueMatch> matches)
    {
        ulong hash = TextHash.Seed;
        int limit = Math.Min(word.Length, 63);
        for (int i = 0; i < limit; i++)
        {
            hash = TextHash.Add(hash, word[i]);
            if ((_prefixLengthMask & (1UL << (i + 1))) != 0 && _prefixes.TryGetValue(TextHash.Mix((ulong)node, hash), out ulong families))
            {
                Emit(families, tokenHashes, start, t - start + 1, ref matches);
            }
        }
    }

    private void Emit(ulong families, ReadOnlySpan<ulong> tokenHashes, int start, int count, ref PooledList<CueMatch> matches)
    {
        while (families != 0)
        {
            int family = System.Numerics.BitOperations.TrailingZeroCount(families);
            families &= families - 1;
            if (Families[family].RequiresFirstPerson && !HasFirstPersonBefore(tokenHashes, start))
            {
                continue;
            }
            matches.Add(new CueMatch(family, start, count));
        }
    }

    private static bool HasFirstPersonBefore(ReadOnlySpan<ulong> tokenHashes, int start)
    {
        for (int t = Math.Max(0, start - 3); t < start; t++)
        {
            if (FirstPersonHashes.AsSpan().Contains(tokenHashes[t]))
            {
                return true;
            }
        }
        return false;
    }
}
