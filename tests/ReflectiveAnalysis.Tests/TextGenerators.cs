using FsCheck;
using FsCheck.Fluent;

namespace ReflectiveAnalysis.Tests;

/// <summary>A text built by FsCheck from prose fragments, layout, and hostile UTF-16.</summary>
public sealed record AnyText(string Value)
{
    public override string ToString() => System.Text.Json.JsonSerializer.Serialize(Value); // escapes control characters in failure messages
}

/// <summary>FsCheck generators for texts that stress the tokeniser, the segmenter and the analyzer.</summary>
public static class TextGenerators
{
    private static readonly string[] s_fragments =
    [
        "I", "we", "library", "users", "don't", "organisation\u2019s", "mentee's", "well-being", "mentor/mentee", "e.g.", "i.e.", "etc.",
        "Dr.", "Mr", "J.", "3.5", "2024", "15-20", "1,000", "https://example.org/a?b=1", "www.cilip.example", "a.b@example.org",
        "because", "however", "I learned", "next year I will", "from their point of view", "CILIP", "felt nervous", "Evidence 4", "E12",
        ".", ". ", "? ", "!", "...", "\u2026", ",", ";", ":", "\"", "\u201C", "\u201D", "(", ")", "'", "\u2019",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u2028", "\u2029", "\u0085", "\u00A0",
        "- ", "* ", "\u2022 ", "1. ", "2) ", "(a) ", "# ", "## Heading\n", "Personal performance\n",
        "\uD800", "\uDC00", "\uDC00\uD800", "\U0001F44D\U0001F3FD", "\U0001F469\u200D\U0001F4BB", "\u200B", "\u200D", "\u0000", "\u0007",
        "\u202E", "\u200F", "e\u0301", "\uFFFD", "\uFEFF", "\u56FE\u4E66\u9986", "\u0645\u0643\u062A\u0628\u0629", "\U0001D400", "\u00AD",
    ];

    public static Arbitrary<AnyText> Texts()
    {
        Gen<string> fragment = Gen.Elements(s_fragments);
        Gen<string> randomChar = Gen.Choose(0, 0xFFFF).Select(static c => ((char)c).ToString());
        Gen<string> piece = Gen.Frequency((8, fragment), (1, randomChar));
        return Gen.Sized(size => Gen.Choose(0, Math.Max(1, size * 2)).SelectMany(n => Gen.ArrayOf(piece, n)))
            .Select(static pieces => new AnyText(string.Concat(pieces)))
            .ToArbitrary();
    }
}
