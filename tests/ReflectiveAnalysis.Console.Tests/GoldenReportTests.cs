using System.Text;
using ReflectiveAnalysis.Console;

namespace ReflectiveAnalysis.Console.Tests;

/// <summary>
/// The JSON and text reports of the sample statements, compared with committed files under
/// <c>tests/ReflectiveAnalysis.Tests/Golden</c>. After an intended change, regenerate them with
/// <c>UPDATE_GOLDEN=1 dotnet test</c> and review the diff.
/// </summary>
public sealed class GoldenReportTests
{
    public static TheoryData<string> Statements => ["descriptive", "reflective"];

    [Theory]
    [MemberData(nameof(Statements))]
    public void ScoreJson_SampleStatement_MatchesGoldenFile(string name)
    {
        string input = TestPaths.InRepository("samples", "statements", name + ".txt");
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("score", input, "--json");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        AssertGolden(name + ".json", stdout);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void ScoreText_SampleStatement_MatchesGoldenFile(string name)
    {
        string input = TestPaths.InRepository("samples", "statements", name + ".txt");
        (int exit, string stdout, _) = ConsoleRunner.Run("score", input);
        Assert.Equal(0, exit);
        AssertGolden(name + ".txt", stdout);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void ScoreMarkdown_SampleStatement_MatchesGoldenFile(string name)
    {
        string input = TestPaths.InRepository("samples", "statements", name + ".txt");
        (int exit, string stdout, _) = ConsoleRunner.Run("score", input, "--format", "markdown");
        Assert.Equal(0, exit);
        AssertGolden(name + ".md", stdout);
    }

    [Fact]
    public void Compare_SampleStatements_MatchesGoldenFile()
    {
        string old = TestPaths.InRepository("samples", "statements", "descriptive.txt");
        string @new = TestPaths.InRepository("samples", "statements", "reflective.txt");
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("compare", old, @new);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        AssertGolden("compare.txt", stdout);
    }

    private static void AssertGolden(string file, string actual)
    {
        string path = TestPaths.InRepository("tests", "ReflectiveAnalysis.Console.Tests", "Golden", file);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing: run UPDATE_GOLDEN=1 dotnet test and review it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }
}

internal static class ConsoleRunner
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) => RunWithInput("", args);

    public static (int Exit, string Stdout, string Stderr) RunWithInput(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = ReflectCli.Run(args, new StringReader(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

public sealed class ReportSchemaTests
{
    [Fact]
    public void GoldenReports_UseOnlyFieldsTheSchemaDocuments()
    {
        string schema = File.ReadAllText(TestPaths.InRepository("docs", "report.schema.json"));
        string prose = File.ReadAllText(TestPaths.InRepository("docs", "report-schema.md"));
        foreach (string golden in Directory.GetFiles(TestPaths.InRepository("tests", "ReflectiveAnalysis.Console.Tests", "Golden"), "*.json"))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(golden));
            foreach (string name in PropertyNames(json.RootElement).Distinct())
            {
                Assert.True(schema.Contains($"\"{name}\"", StringComparison.Ordinal), $"{Path.GetFileName(golden)}: field '{name}' is not in report.schema.json");
                Assert.True(prose.Contains($"`{name}", StringComparison.Ordinal) || prose.Contains($".{name}`", StringComparison.Ordinal) || prose.Contains(name, StringComparison.Ordinal), $"field '{name}' is not in report-schema.md");
            }
        }
    }

    private static IEnumerable<string> PropertyNames(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                yield return property.Name;
                foreach (string inner in PropertyNames(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (string inner in PropertyNames(item))
                {
                    yield return inner;
                }
            }
        }
    }
}
