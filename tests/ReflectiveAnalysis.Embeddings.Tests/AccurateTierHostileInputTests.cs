using ReflectiveAnalysis.Tests.Reliability;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>
/// The reliability issue's hostile shapes (<see cref="HostileShapes"/>: malformed Unicode, controls, bidi marks,
/// emoji, scripts, markup, long tokens, many tiny sentences, binary) through the accurate tier: the MiniLM tokenizer and ONNX
/// Runtime see every sentence, and the report must keep every invariant the fast tier keeps
/// (<see cref="ReportInvariants"/>), with the head's probabilities still a distribution.
/// </summary>
public sealed class AccurateTierHostileInputTests
{
    public static TheoryData<string> Shapes() => [.. HostileShapes.Names];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Analyze_HostileShape_KeepsEveryInvariant(string shape)
    {
        ReflectionAnalyzer analyzer = AccurateTier.CreateAnalyzer();
        foreach (int length in new[] { 7, 64, 2_000, 20_000 })
        {
            string text = HostileShapes.Make(shape, length);
            ReflectionReport report = analyzer.Analyze(text);

            string? problem = ReportInvariants.CheckAll(text, report);
            Assert.True(problem is null, $"{shape} at {length}: {problem} ({ReportInvariants.Describe(text)})");
            Assert.Equal("reflective-accurate", report.Model.Name);
            foreach (SentenceReport sentence in report.Sentences)
            {
                double total = Enum.GetValues<ReflectiveCategory>().Sum(c => sentence.Probabilities[c]);
                Assert.InRange(total, 0.999, 1.001);
            }
        }
    }
}
