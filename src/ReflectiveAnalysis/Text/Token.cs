namespace ReflectiveAnalysis.Text;

/// <summary>
/// A token: a kind plus an offset and length into the text it was read from. It holds no string;
/// call <see cref="GetText(string)"/> or slice the original span when the characters are needed.
/// </summary>
/// <remarks>The default value is an empty <see cref="TokenKind.Word"/> token at offset 0.</remarks>
/// <param name="Start">Offset of the first character in the original text.</param>
/// <param name="Length">Number of UTF-16 code units.</param>
/// <param name="Kind">What the token is.</param>
public readonly record struct Token(int Start, int Length, TokenKind Kind)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The token's characters in <paramref name="text"/>, which must be the text it was read from.</summary>
    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> text) => text.Slice(Start, Length);

    /// <summary>The token's characters as a new string.</summary>
    public string GetText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Substring(Start, Length);
    }
}
