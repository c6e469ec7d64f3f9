using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using ReflectiveAnalysis.Internals;

namespace ReflectiveAnalysis.Text;

/// <summary>
/// Splits text into <see cref="Token"/>s without allocating: every non-white-space character belongs to
/// exactly one token, tokens come in order and never overlap, and each carries its offset into the text.
/// </summary>
/// <remarks>
/// <para>The rules are documented on <see cref="TokenKind"/>. The tokeniser works on UTF-16 as given: it does
/// not normalise, and malformed UTF-16 (lone surrogates) becomes <see cref="TokenKind.Symbol"/> tokens rather
/// than an error. Work is linear in the length of the text.</para>
/// <para>All members are static, pure and thread-safe.</para>
/// </remarks>
public static class Tokenizer
{
    /// <summary>Enumerates the tokens of <paramref name="text"/>; <c>foreach</c> over it allocates nothing.</summary>
    public static TokenEnumerator Enumerate(ReadOnlySpan<char> text) => new(text);

    /// <summary>
    /// Writes tokens of <paramref name="text"/> into <paramref name="destination"/> until either is exhausted.
    /// </summary>
    /// <returns>The number of tokens written. When it equals the destination's length there may be more:
    /// continue from the last token's <see cref="Token.End"/> (offsets are then relative to the slice).</returns>
    public static int Tokenize(ReadOnlySpan<char> text, Span<Token> destination)
    {
        int count = 0;
        int position = 0;
        while (count < destination.Length && TryReadNext(text, ref position, out Token token))
        {
            destination[count++] = token;
        }
        return count;
    }

    /// <summary>Reads the next token at or after <paramref name="position"/>.</summary>
    internal static bool TryReadNext(ReadOnlySpan<char> text, ref int position, out Token token)
    {
        int i = position;
        int length = text.Length;
        while (i < length)
        {
            char c = text[i];
            CharClass cls = CharClassifier.Classify(c);
            if (cls == CharClass.Space)
            {
                i++;
                continue;
            }

            int start = i;
            int end;
            TokenKind kind;
            switch (cls)
            {
                case CharClass.Letter:
                    // Only "http://", "https://" and "www." start a URL, so a first letter other than h or w
                    // (in either case) skips the three prefix comparisons.
                    if ((c | 0x20) is 'h' or 'w' && TryReadUrl(text, start, out end))
                    {
                        kind = TokenKind.Url;
                    }
                    else
                    {
                        // An e-mail address needs '@' straight after a run of local-part characters. No word
                        // contains '@', so that run can only reach an '@' if the character after the word is
                        // '@' or a local-part character; otherwise the e-mail scan would fail and is skipped.
                        end = ReadWordInline(text, start + 1);
                        kind = TokenKind.Word;
                        if (end < length && (text[end] == '@' || IsEmailLocal(text[end])) && TryReadEmail(text, start, out int emailEnd))
                        {
                            end = emailEnd;
                            kind = TokenKind.Email;
                        }
                    }
                    break;
                case CharClass.Digit:
                    if (TryReadEmail(text, start, out end))
                    {
                        kind = TokenKind.Email;
                    }
                    else
                    {
                        end = ReadNumber(text, start, out bool becameWord);
                        kind = becameWord ? TokenKind.Word : TokenKind.Number;
                    }
                    break;
                case CharClass.Surrogate:
                    end = ReadSurrogate(text, start, out kind);
                    break;
                case CharClass.Dot:
                case CharClass.Terminal:
                    end = start + 1;
                    while (end < length && CharClassifier.Classify(text[end]) is CharClass.Dot or CharClass.Terminal)
                    {
                        end++;
                    }
                    kind = TokenKind.Punctuation;
                    break;
                default:
                    end = start + 1;
                    kind = char.IsPunctuation(c) ? TokenKind.Punctuation : TokenKind.Symbol;
                    break;
            }

            token = new Token(start, end - start, kind);
            position = end;
            return true;
        }

        position = length;
        token = default;
        return false;
    }

    /// <summary>Continues a word from <paramref name="i"/>; the word's first character is already consumed.</summary>
    /// <remarks>
    /// ASCII letters and digits are skipped with a Vector256 bitmask (<see cref="SkipAsciiLettersAndDigits"/>); every
    /// such character is one the character loop would consume with <c>i++</c> (classes Letter and Digit), so the result
    /// is the same as <see cref="ReadWordScalar"/>'s.
    /// </remarks>
    internal static int ReadWord(ReadOnlySpan<char> text, int i, bool singleLetter)
    {
        int length = text.Length;
        // Dotted abbreviations: a single letter followed by ".x." (e.g., i.e., U.K.) is one token, final dot included.
        if (singleLetter && i + 2 < length && text[i] == '.' && IsAsciiLetter(text[i + 1]) && text[i + 2] == '.')
        {
            i += 3;
            while (i + 1 < length && IsAsciiLetter(text[i]) && text[i + 1] == '.')
            {
                i += 2;
            }
            return i;
        }

        while (i < length)
        {
            // Runs of ASCII letters and digits (nearly every character of English prose words) are skipped 16 at a
            // time; the switch below sees only what ends the run, where it continues exactly as before.
            i = SkipAsciiLettersAndDigits(text, i);
            if (i >= length)
            {
                break;
            }
            char c = text[i];
            if (c < 128 && c is not ('\'' or '-' or '/'))
            {
                return i; // any other ASCII character here (space, punctuation) ends the word: the switch's default case
            }
            CharClass cls = CharClassifier.Classify(c);
            switch (cls)
            {
                case CharClass.Letter:
                case CharClass.Digit:
                case CharClass.Mark:
                    i++;
                    continue;
                case CharClass.Apostrophe:
                    if (i + 1 < length && IsLetterAt(text, i + 1))
                    {
                        i++; // past the apostrophe only: the letter after it may be a surrogate pair, read whole next
                        continue;
                    }
                    return i;
                case CharClass.Hyphen:
                case CharClass.Slash:
                    if (i + 1 < length && (IsLetterAt(text, i + 1) || (cls == CharClass.Hyphen && CharClassifier.Classify(text[i + 1]) == CharClass.Digit)))
                    {
                        i++; // as for the apostrophe: never step into the middle of a surrogate pair
                        continue;
                    }
                    return i;
                case CharClass.Surrogate:
                    if (IsLetterAt(text, i))
                    {
                        i += 2;
                        continue;
                    }
                    return i;
                case CharClass.Other when char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c != '\u200D':
                    // Soft hyphens and similar format characters inside a word stay in it.
                    i++;
                    continue;
                default:
                    return i;
            }
        }
        return i;
    }

    /// <summary>
    /// <see cref="ReadWord"/> with <c>singleLetter: true</c>, its common case inlined into the token loop: a run of
    /// ASCII letters and digits ended by an ASCII character that cannot continue a word. Anything else continues in
    /// <see cref="ReadWord"/> from where the run stopped (its loop keeps no state but the position), or starts there
    /// when the word may be a dotted abbreviation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ReadWordInline(ReadOnlySpan<char> text, int i)
    {
        if ((uint)i < (uint)text.Length && text[i] == '.')
        {
            return ReadWord(text, i, singleLetter: true); // "U.K.", "e.g.": the abbreviation rule looks at this dot
        }
        i = SkipAsciiLettersAndDigits(text, i);
        if ((uint)i >= (uint)text.Length)
        {
            return i;
        }
        char c = text[i];
        return c < 128 && c is not ('\'' or '-' or '/') ? i : ReadWord(text, i, singleLetter: false);
    }

    /// <summary>The character-at-a-time form of <see cref="ReadWord"/>, kept as the reference it must match (tested on random text).</summary>
    internal static int ReadWordScalar(ReadOnlySpan<char> text, int i, bool singleLetter)
    {
        int length = text.Length;
        // Dotted abbreviations: a single letter followed by ".x." (e.g., i.e., U.K.) is one token, final dot included.
        if (singleLetter && i + 2 < length && text[i] == '.' && IsAsciiLetter(text[i + 1]) && text[i + 2] == '.')
        {
            i += 3;
            while (i + 1 < length && IsAsciiLetter(text[i]) && text[i + 1] == '.')
            {
                i += 2;
            }
            return i;
        }

        while (i < length)
        {
            char c = text[i];
            CharClass cls = CharClassifier.Classify(c);
            switch (cls)
            {
                case CharClass.Letter:
                case CharClass.Digit:
                case CharClass.Mark:
                    i++;
                    continue;
                case CharClass.Apostrophe:
                    if (i + 1 < length && IsLetterAt(text, i + 1))
                    {
                        i++; // past the apostrophe only: the letter after it may be a surrogate pair, read whole next
                        continue;
                    }
                    return i;
                case CharClass.Hyphen:
                case CharClass.Slash:
                    if (i + 1 < length && (IsLetterAt(text, i + 1) || (cls == CharClass.Hyphen && CharClassifier.Classify(text[i + 1]) == CharClass.Digit)))
                    {
                        i++; // as for the apostrophe: never step into the middle of a surrogate pair
                        continue;
                    }
                    return i;
                case CharClass.Surrogate:
                    if (IsLetterAt(text, i))
                    {
                        i += 2;
                        continue;
                    }
                    return i;
                case CharClass.Other when char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c != '\u200D':
                    // Soft hyphens and similar format characters inside a word stay in it.
                    i++;
                    continue;
                default:
                    return i;
            }
        }
        return i;
    }

    /// <summary>
    /// The position of the first character at or after <paramref name="i"/> that is not an ASCII letter or digit
    /// (or the text's length): 16 UTF-16 units per step as a Vector256 bitmask, then one at a time near the end.
    /// </summary>
    internal static int SkipAsciiLettersAndDigits(ReadOnlySpan<char> text, int i)
    {
        int length = text.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            while (i <= length - Vector256<ushort>.Count)
            {
                Vector256<ushort> v = Vector256.LoadUnsafe(ref first, (nuint)i);
                // (c | 0x20) - 'a' <= 25 (unsigned) is an ASCII letter; c - '0' <= 9 an ASCII digit; wrap-around keeps
                // everything else above the bounds, exactly as IsAsciiLetterOrDigit.
                Vector256<ushort> letter = Vector256.LessThanOrEqual((v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')));
                Vector256<ushort> digit = Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
                uint mask = (letter | digit).ExtractMostSignificantBits();
                if (mask != 0xFFFF)
                {
                    return i + BitOperations.TrailingZeroCount(~mask);
                }
                i += Vector256<ushort>.Count;
            }
        }
        while (i < length && IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }
        return i;
    }

    private static int ReadNumber(ReadOnlySpan<char> text, int i, out bool becameWord)
    {
        int length = text.Length;
        becameWord = false;
        i++;
        while (i < length)
        {
            char c = text[i];
            CharClass cls = CharClassifier.Classify(c);
            if (cls == CharClass.Digit)
            {
                i++;
                continue;
            }
            if ((c is '.' or ',' or ':' or '/' or '-' or '\u2013') && i + 1 < length && CharClassifier.Classify(text[i + 1]) == CharClass.Digit)
            {
                i += 2;
                continue;
            }
            if (cls is CharClass.Letter || (cls == CharClass.Surrogate && IsLetterAt(text, i)))
            {
                becameWord = true;
                return ReadWord(text, i, singleLetter: false);
            }
            break;
        }
        return i;
    }

    private static int ReadSurrogate(ReadOnlySpan<char> text, int i, out TokenKind kind)
    {
        if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed) != OperationStatus.Done)
        {
            kind = TokenKind.Symbol; // a lone or reversed surrogate
            return i + 1;
        }
        CharClass cls = CharClassifier.Classify(rune);
        if (cls == CharClass.Letter)
        {
            kind = TokenKind.Word;
            return ReadWord(text, i + consumed, singleLetter: false);
        }
        if (cls == CharClass.Digit)
        {
            kind = TokenKind.Number;
            return i + consumed;
        }
        kind = TokenKind.Symbol;
        return ReadEmojiTail(text, i + consumed);
    }

    /// <summary>Keeps variation selectors, skin-tone modifiers, keycaps and zero-width-joined parts with their emoji.</summary>
    private static int ReadEmojiTail(ReadOnlySpan<char> text, int i)
    {
        int length = text.Length;
        while (i < length)
        {
            char c = text[i];
            if (c is '\uFE0E' or '\uFE0F' or '\u20E3')
            {
                i++;
            }
            else if (c == '\u200D' && i + 1 < length)
            {
                // The joiner stays with the emoji; what follows joins only if it is a symbol (not a space, letter or digit).
                if (Rune.DecodeFromUtf16(text[(i + 1)..], out Rune joined, out int consumed) != OperationStatus.Done
                    || Rune.IsWhiteSpace(joined) || Rune.IsLetterOrDigit(joined) || Rune.IsControl(joined))
                {
                    return i + 1;
                }
                i += 1 + consumed;
            }
            else if (char.IsHighSurrogate(c) && Rune.DecodeFromUtf16(text[i..], out Rune next, out int width) == OperationStatus.Done
                     && next.Value is >= 0x1F3FB and <= 0x1F3FF or >= 0xE0020 and <= 0xE007F)
            {
                i += width; // skin tones and tag sequences
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private static bool TryReadUrl(ReadOnlySpan<char> text, int start, out int end)
    {
        ReadOnlySpan<char> rest = text[start..];
        int prefix;
        if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 8;
        }
        else if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 7;
        }
        else if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 4;
        }
        else
        {
            end = start;
            return false;
        }

        int i = start + prefix;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '<' or '>' or '"' or '\u201C' or '\u201D' || char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c))
            {
                break;
            }
            i++;
        }
        while (i > start + prefix && IsUrlTrailer(text[i - 1]))
        {
            i--;
        }
        end = i;
        return end > start + prefix;
    }

    private static bool IsUrlTrailer(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '\'' or '\u2019';

    /// <summary>Longest local part (before the '@') an address may have (RFC 5321). Bounding the scan keeps tokenising
    /// linear: without it every word in a long run of local-part characters rescanned the rest of the run.</summary>
    private const int MaxEmailLocalPart = 64;

    /// <summary>Longest domain an address may have (RFC 1035).</summary>
    private const int MaxEmailDomain = 255;

    private static bool TryReadEmail(ReadOnlySpan<char> text, int start, out int end)
    {
        end = start;
        int i = start;
        int localEnd = Math.Min(text.Length, start + MaxEmailLocalPart);
        while (i < localEnd && IsEmailLocal(text[i]))
        {
            i++;
        }
        if (i == start || i >= text.Length || text[i] != '@' || text[i - 1] == '.')
        {
            return false;
        }
        int domainStart = ++i;
        int length = Math.Min(text.Length, domainStart + MaxEmailDomain);
        int lastDot = -1;
        while (i < length && (IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.'))
        {
            if (text[i] == '.')
            {
                if (i == domainStart || text[i - 1] == '.')
                {
                    break;
                }
                lastDot = i;
            }
            i++;
        }
        if (i == length && length < text.Length && (IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.'))
        {
            return false; // the domain runs on past its limit: not an address
        }
        while (i > domainStart && text[i - 1] is '.' or '-')
        {
            i--;
        }
        if (lastDot < domainStart || lastDot >= i - 1)
        {
            return false;
        }
        end = i;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEmailLocal(char c) => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || (uint)(c - '0') <= 9;

    private static bool IsLetterAt(ReadOnlySpan<char> text, int i)
    {
        CharClass cls = CharClassifier.Classify(text[i]);
        if (cls == CharClass.Letter)
        {
            return true;
        }
        return cls == CharClass.Surrogate
            && Rune.DecodeFromUtf16(text[i..], out Rune rune, out _) == OperationStatus.Done
            && CharClassifier.Classify(rune) == CharClass.Letter;
    }
}

/// <summary>
/// Enumerates the tokens of a text without allocating. Obtain one from <see cref="Tokenizer.Enumerate"/>
/// and use it with <c>foreach</c>.
/// </summary>
public ref struct TokenEnumerator
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    internal TokenEnumerator(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
        Current = default;
    }

    /// <summary>The current token.</summary>
    public Token Current { get; private set; }

    /// <summary>Returns this enumerator, so it works with <c>foreach</c>.</summary>
    public readonly TokenEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next token.</summary>
    public bool MoveNext()
    {
        if (Tokenizer.TryReadNext(_text, ref _position, out Token token))
        {
            Current = token;
            return true;
        }
        return false;
    }
}
