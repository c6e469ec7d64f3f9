namespace ReflectiveAnalysis.Console.Tests;

/// <summary>The README's capture of <c>reflect score</c> output is the start of the golden text rendering, so it cannot go stale.</summary>
public sealed class ReadmeCaptureTests
{
    [Fact]
    public void Readme_ScoreCapture_IsTheStartOfTheGoldenRendering()
    {
        string readme = File.ReadAllText(TestPaths.InRepository("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string marker = "tests, in `tests/ReflectiveAnalysis.Console.Tests/Golden/*.txt`):\n\n```\n";
        int start = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's capture block is missing");
        start += marker.Length;
        string capture = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        string golden = File.ReadAllText(TestPaths.InRepository("tests", "ReflectiveAnalysis.Console.Tests", "Golden", "reflective.txt")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(capture.Length > 200, "the capture is too short to show anything");
        Assert.StartsWith(capture, golden, StringComparison.Ordinal);
    }
}
