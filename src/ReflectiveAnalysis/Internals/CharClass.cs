using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ReflectiveAnalysis.Internals;

/// <summary>Character classes the tokeniser cares about.</summary>
internal enum CharClass : byte
{
    Space,
    Letter,
    Digit,
    Mark,
    Apostrophe,
    Hyphen,
    Slash,
    Dot,
    Terminal, // ! ? …
    Other,
    Surrogate,
}

/// <summary>
/// Classifies characters: a 128-entry table for ASCII, the Unicode category for the rest.
/// Surrogates are reported as <see cref="CharClass.Surrogate"/>; callers decode them with <see cref="Rune"/>.
/// </summary>
internal static class CharClassifier
{
    private static readonly CharClass[] s_ascii = BuildAscii();

    private static CharClass[] BuildAscii()
    {
        var table = new CharClass[128];
        for (int c = 0; c < 128; c++)
        {
            table[c] = c switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => CharClass.Letter,
                >= '0' and <= '9' => CharClass.Digit,
                ' ' or '\t' or '\n' or '\r' or '\v' or '\f' => CharClass.Space,
                '\'' => CharClass.Apostrophe,
                '-' => CharClass.Hyphen,
                '/' => CharClass.Slash,
                '.' => CharClass.Dot,
                '!' or '?' => CharClass.Terminal,
                _ => CharClass.Other,
            };
        }
        // The information separators U+001C..U+001F are not white space to char.IsWhiteSpace (which the segmenter
        // trims lines with), so they stay Other and become Symbol tokens: every non-white-space character is in a token.
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CharClass Classify(char c) => c < 128 ? s_ascii[c] : ClassifyNonAscii(c);

    private static CharClass ClassifyNonAscii(char c)
    {
        if (char.IsSurrogate(c))
        {
            return CharClass.Surrogate;
        }
        switch (c)
        {
            case '\u2019': // right single quotation mark used as apostrophe
            case '\u02BC': // modifier letter apostrophe
                return CharClass.Apostrophe;
            case '\u2010': // hyphen
            case '\u2011': // non-breaking hyphen
                return CharClass.Hyphen;
            case '\u2026': // ellipsis
            case '\u203D': // interrobang
                return CharClass.Terminal;
        }
        if (char.IsWhiteSpace(c))
        {
            return CharClass.Space;
        }
        return Classify(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    /// <summary>Class of a supplementary-plane scalar (a valid surrogate pair).</summary>
    public static CharClass Classify(Rune rune) => Classify(Rune.GetUnicodeCategory(rune));

    private static CharClass Classify(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
        UnicodeCategory.DecimalDigitNumber => CharClass.Digit,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => CharClass.Mark,
        _ => CharClass.Other,
    };

    /// <summary>True for the characters that may close a sentence after its final mark: quotes and brackets.</summary>
    public static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '\u2019' or '\u201D' or '\u00BB' or '\u203A';

    /// <summary>True when <paramref name="c"/> is a letter that is upper or title case.</summary>
    public static bool IsUpper(char c) => c < 128 ? c is >= 'A' and <= 'Z' : char.IsUpper(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;

    /// <summary>True when <paramref name="c"/> is a lower-case letter.</summary>
    public static bool IsLower(char c) => c < 128 ? c is >= 'a' and <= 'z' : char.IsLower(c);
}
