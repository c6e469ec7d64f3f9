namespace ReflectiveAnalysis.Tests;

/// <summary>Keeps the README's quick start compiled and run: the snippet below must appear in README.md verbatim.</summary>
public sealed class ReadmeTests
{
    private static IReadOnlyList<string> QuickStart(string statementText)
    {
        var lines = new List<string>();
        // <quickstart>
        var analyzer = ReflectionAnalyzer.CreateDefault();       // load once; immutable and thread-safe
        ReflectionReport report = analyzer.Analyze(statementText);
        lines.Add($"{report.Depth.Label} ({report.Depth.Score}/100)");
        foreach (FeedbackItem item in report.Feedback) lines.Add(item.Text);
        // </quickstart>
        return lines;
    }

    [Fact]
    public void QuickStart_Runs()
    {
        IReadOnlyList<string> lines = QuickStart(File.ReadAllText(TestPaths.InRepository("samples", "statements", "descriptive.txt")));
        Assert.Matches(@"^(descriptive-writing|descriptive-reflection|dialogic-reflection|critical-reflection) \(\d+/100\)$", lines[0]);
        Assert.True(lines.Count > 1);
    }

    [Fact]
    public void QuickStart_AppearsInTheReadme()
    {
        string source = File.ReadAllText(TestPaths.InRepository("tests", "ReflectiveAnalysis.Tests", "ReadmeTests.cs"));
        int start = source.IndexOf("// <quickstart>", StringComparison.Ordinal) + "// <quickstart>".Length;
        int end = source.IndexOf("        // </quickstart>", StringComparison.Ordinal);
        string[] snippet = [.. source[start..end].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => l.Replace("lines.Add(", "Console.WriteLine(", StringComparison.Ordinal))];
        string readme = File.ReadAllText(TestPaths.InRepository("README.md"));
        foreach (string line in snippet)
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }
    }
}
