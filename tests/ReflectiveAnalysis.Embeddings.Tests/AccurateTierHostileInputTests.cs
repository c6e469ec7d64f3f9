namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>
/// Hostile text through the accurate tier: the MiniLM tokenizer and ONNX Runtime see every sentence, so malformed
/// Unicode, control characters, markup, very long words and non-Latin scripts must still give a valid report.
/// </summary>
public sealed class AccurateTierHostileInputTests
{
    public static TheoryData<string, string> Texts() => new()
    {
        { "lone surrogates", "I learned \ud800 a lot. Then \udc00 why did it fail? \ud83d" },
        { "controls and NUL", "I ran the session.\u0000\u0001\u001f Looking back, I think it was too long.\u007f" },
        { "zero-width and bidi", "I\u200b learned\u200d that\u202e users\u2066 matter.\u2069 Next year I will ask them first." },
        { "hostile html", "<script>alert('x')</script><img src=x onerror=alert(1)> I think <b>this</b> mattered because users said so." },
        { "one long word", "I " + new string('a', 20_000) + " learned." },
        { "emoji and scripts", string.Concat(Enumerable.Repeat("مرحبا بالعالم. 日本語のテキスト。 😀😀 Привет мир. ", 200)) },
        { "many tiny sentences", string.Concat(Enumerable.Repeat("Yes. ", 3_000)) },
        { "only punctuation", string.Concat(Enumerable.Repeat("?! ... ;; -- ", 500)) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Analyze_HostileText_GivesAValidReport(string name, string text)
    {
        ReflectionReport report = AccurateTier.CreateAnalyzer().Analyze(text);

        Assert.Equal("reflective-accurate", report.Model.Name);
        Assert.InRange(report.Depth.Score, 0, 100);
        Assert.NotEmpty(report.Feedback);
        foreach (SentenceReport sentence in report.Sentences)
        {
            Assert.True(sentence.Start >= 0 && sentence.Start + sentence.Length <= text.Length, name);
            Assert.Equal(text.Substring(sentence.Start, sentence.Length), sentence.Text);
            double total = Enum.GetValues<ReflectiveCategory>().Sum(c => sentence.Probabilities[c]);
            Assert.InRange(total, 0.999, 1.001);
            Assert.False(double.IsNaN(sentence.Confidence), name);
        }
    }
}
