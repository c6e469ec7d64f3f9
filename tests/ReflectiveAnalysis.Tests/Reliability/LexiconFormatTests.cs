using ReflectiveAnalysis.Lexicons;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>Malformed lexicon text gives a <see cref="FormatException"/> that names the line, never anything else.</summary>
public sealed class LexiconFormatTests
{
    [Theory]
    [InlineData("[causal reflection\nbecause", 1, "closing ']'")]
    [InlineData("# comment\n\n[causal]\nbecause", 3, "'[name signal]'")]
    [InlineData("because", 1, "before the first family header")]
    [InlineData("[causal reflection]\n@frobnicate", 2, "unknown directive")]
    [InlineData("[causal reflection]\n@weights reflection", 2, "is not name=weight")]
    [InlineData("[causal reflection]\n@weights reflection=lots", 2, "is not name=weight")]
    [InlineData("[causal reflection]\n@weights =1", 2, "is not name=weight")]
    [InlineData("[causal reflection]\n@weights happiness=1", 2, "unknown category")]
    [InlineData("[causal reflection]\n@criteria reflection=1", 2, "unknown criterion")]
    [InlineData("[causal reflection]\none two three four five six seven eight nine", 2, "1 to 8 words")]
    [InlineData("[causal reflection]\nbecause\n*", 3, "1 to 8 words")]
    [InlineData("[causal reflection]\nwords: fine ... ok", 2, "")] // punctuation is a token: still one word per entry, so this parses
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheLine(string source, int line, string reason)
    {
        if (reason.Length == 0)
        {
            Assert.NotNull(CueLexicon.Parse(source));
            return;
        }
        FormatException e = Assert.Throws<FormatException>(() => CueLexicon.Parse(source));
        Assert.Contains($"line {line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyFamilies_ThrowsAtTheFirstOneTooMany()
    {
        string source = string.Concat(Enumerable.Range(0, 65).Select(i => $"[family{i} other]\n"));
        FormatException e = Assert.Throws<FormatException>(() => CueLexicon.Parse(source));
        Assert.Contains("line 65:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WildcardPrefixOfSixtyFourCharacters_IsRefused()
    {
        FormatException e = Assert.Throws<FormatException>(() => CueLexicon.Parse("[long reflection]\n" + new string('a', 64) + "*"));
        Assert.Contains("line 2:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e39")]
    public void Parse_WeightThatIsNotAFiniteNumber_ThrowsNamingTheLine(string weight)
    {
        // A NaN or infinite weight would turn every lexicon score into NaN, and a report with NaN in it cannot be written as JSON.
        FormatException e = Assert.Throws<FormatException>(() => CueLexicon.Parse($"[causal reflection]\n\n@weights reflection={weight}"));
        Assert.Contains("line 3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnyGarbage_ThrowsOnlyFormatException()
    {
        var random = new Random(5);
        string valid = ReflectionModel.ReadEmbeddedLexicon();
        for (int i = 0; i < 2_000; i++)
        {
            char[] text = valid[..Math.Min(valid.Length, 1 + random.Next(1_500))].ToCharArray();
            for (int k = 0; k < 1 + random.Next(6); k++)
            {
                const string Hostile = "[]@=*# \n:.xX\u0000\uD800";
                text[random.Next(text.Length)] = Hostile[random.Next(Hostile.Length)];
            }
            try
            {
                CueLexicon.Parse(new string(text));
            }
            catch (FormatException)
            {
            }
        }
    }
}
