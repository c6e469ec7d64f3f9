using System.Text.Json;

namespace ReflectiveAnalysis.Console.Tests;

public sealed class ConsoleTests
{
    [Fact]
    public void Score_StandardInput_PrintsTheReport()
    {
        (int exit, string stdout, string stderr) = ConsoleRunner.RunWithInput("I ran a session. Next year I will run two.", "score", "-");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("Reflection depth: level", stdout, StringComparison.Ordinal);
        Assert.Contains("[E]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_Json_PrintsOnlyTheContract()
    {
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput("I ran a session.", "score", "-", "--json");
        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(stdout);
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("sentenceCount").GetInt32());
    }

    [Fact]
    public void Score_RevalidationRoute_UsesItsWordLimit()
    {
        (_, string stdout, _) = ConsoleRunner.RunWithInput("I ran a session.", "score", "-", "--route", "revalidation");
        Assert.Contains("of 250 (revalidation)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingFile_FailsWithAOneLineReason()
    {
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("score", "/no/such/file.txt");
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Equal("reflect: file not found: /no/such/file.txt", stderr.Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n ")]
    public void Score_EmptyInput_IsAnInputError(string input)
    {
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput(input, "score", "-");
        Assert.Equal(3, exit);
        Assert.Contains("empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CorruptModel_IsAnInputError()
    {
        string path = Path.GetTempFileName();
        File.WriteAllBytes(path, [1, 2, 3]);
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput("text", "score", "-", "--model", path);
        File.Delete(path);
        Assert.Equal(3, exit);
        Assert.Contains("not a ReflectiveAnalysis model file", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score")]
    [InlineData("score", "a.txt", "--route", "nonsense")]
    [InlineData("frobnicate")]
    public void Run_BadCommandLine_IsAUsageError(params string[] args)
    {
        (int exit, _, string stderr) = ConsoleRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("reflect:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsTheScoreCommand()
    {
        (int exit, string stdout, _) = ConsoleRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("score", stdout, StringComparison.Ordinal);
    }
}
