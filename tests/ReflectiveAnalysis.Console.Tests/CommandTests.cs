using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ReflectiveAnalysis.Console.Tests;

/// <summary><c>reflect compare</c> and <c>reflect batch</c>.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly Fixtures _files = new();

    public void Dispose() => _files.Dispose();

    private static string Sample(string name) => TestPaths.InRepository("samples", "statements", name + ".txt");

    [Fact]
    public void Compare_SampleStatements_ReportsDepthBeforeAndAfterAndResolvedGaps()
    {
        (int exit, string stdout, _) = ConsoleRunner.Run("compare", Sample("descriptive"), Sample("reflective"), "--json");
        Assert.Equal(0, exit);
        ReflectionReport before = ReflectionReport.FromJson(ConsoleRunner.Run("score", Sample("descriptive"), "--json").Stdout);
        ReflectionReport after = ReflectionReport.FromJson(ConsoleRunner.Run("score", Sample("reflective"), "--json").Stdout);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(before.Depth.Score, root.GetProperty("old").GetProperty("depthScore").GetInt32());
        Assert.Equal(after.Depth.Score, root.GetProperty("new").GetProperty("depthScore").GetInt32());
        Assert.Equal(after.Criteria.WiderProfessionalContext, root.GetProperty("new").GetProperty("criteria").GetProperty("widerProfessionalContext").GetDouble());
        // The descriptive draft's criterion gaps on organisational and wider context are gone in the reflective one.
        Assert.Contains(root.GetProperty("resolvedGaps").EnumerateArray(), g => g.GetProperty("kind").GetString() == "criterion-gap");
    }

    [Fact]
    public void Compare_ARevisedDraft_FindsTheParagraphThatDeepened()
    {
        string old = _files.Write("v1.txt",
            "Personal performance\n\nI ran the rhyme-time sessions every Tuesday at ten for the families who came. I sang the songs and read two books each week.\n\n" +
            "Organisational context\n\nThe library runs sessions at four branches. Attendance is recorded each week.\n");
        string @new = _files.Write("v2.txt",
            "Personal performance\n\nI ran the rhyme-time sessions every Tuesday at ten for the families who came. I sang the songs and read two books each week. " +
            "I have learned that parents join in when they choose the songs, so next year I will hand out song sheets and ask them to choose.\n\n" +
            "Organisational context\n\nThe library runs sessions at four branches. Attendance is recorded each week.\n");
        (int exit, string stdout, _) = ConsoleRunner.Run("compare", old, @new, "--json");
        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement change = Assert.Single(json.RootElement.GetProperty("modeChanges").EnumerateArray());
        Assert.Equal(1, change.GetProperty("oldParagraph").GetInt32());
        Assert.Equal(1, change.GetProperty("newParagraph").GetInt32());
        Assert.Equal("descriptive", change.GetProperty("oldMode").GetString());
        Assert.True(change.GetProperty("deepened").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("matchedParagraphs").GetInt32());
    }

    [Fact]
    public void Compare_MissingFile_IsAnInputError()
    {
        (int exit, _, string stderr) = ConsoleRunner.Run("compare", Sample("descriptive"), "/no/such/draft.txt");
        Assert.Equal(3, exit);
        Assert.Contains("file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_FolderWithACorruptFile_SkipsItAndExits3()
    {
        string input = Path.Combine(_files.Folder, "cohort");
        Directory.CreateDirectory(input);
        File.Copy(Sample("descriptive"), Path.Combine(input, "ann.txt"));
        File.Copy(Sample("reflective"), Path.Combine(input, "=bob.txt"));
        File.WriteAllBytes(Path.Combine(input, "carl.docx"), Fixtures.Docx());
        File.WriteAllBytes(Path.Combine(input, "dee.pdf"), Fixtures.Pdf("I ran the sessions.", "Next year I will run two."));
        File.WriteAllText(Path.Combine(input, "broken.docx"), "not a zip at all");
        File.WriteAllText(Path.Combine(input, "notes.csv"), "ignored,because,not,a,statement");
        string output = Path.Combine(_files.Folder, "out");

        (int exit, string stdout, string stderr) = ConsoleRunner.Run("batch", input, "--out", output);

        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Contains("[5/5]", stderr, StringComparison.Ordinal);
        Assert.Contains("broken.docx: FAILED", stderr, StringComparison.Ordinal);
        Assert.Contains("4 of 5 statements analysed, 1 failed", stderr, StringComparison.Ordinal);
        foreach (string name in new[] { "ann.txt", "=bob.txt", "carl.docx", "dee.pdf" })
        {
            ReflectionReport report = ReflectionReport.FromJson(File.ReadAllText(Path.Combine(output, name + ".json")));
            Assert.True(report.WordCount > 0);
        }
        Assert.False(File.Exists(Path.Combine(output, "broken.docx.json")));

        string[] csv = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal(6, csv.Length);
        Assert.StartsWith("file,status,words,depth_level", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("'=bob.txt,ok,", csv[1], StringComparison.Ordinal);
        Assert.StartsWith("broken.docx,error,", csv.Single(l => l.StartsWith("broken", StringComparison.Ordinal)), StringComparison.Ordinal);
        string ann = csv.Single(l => l.StartsWith("ann.txt", StringComparison.Ordinal));
        ReflectionReport annReport = ReflectionReport.FromJson(File.ReadAllText(Path.Combine(output, "ann.txt.json")));
        Assert.StartsWith($"ann.txt,ok,{annReport.WordCount},{annReport.Depth.Level},{annReport.Depth.Label},{annReport.Depth.Score},", ann, StringComparison.Ordinal);

        IDocument page = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(output, "cohort.html")));
        Assert.Empty(page.QuerySelectorAll("script, link, img"));
        Assert.Equal(4, page.QuerySelectorAll("#histogram svg rect.bar").Length);
        Assert.NotNull(page.QuerySelector("#criteria svg"));
        Assert.Equal(5, page.QuerySelectorAll("#statements tbody tr").Length);
        Assert.Single(page.QuerySelectorAll("#statements tr.failed"));
    }

    [Fact]
    public void Batch_Pattern_PicksOnlyMatchingFiles_AndExits0()
    {
        string input = Path.Combine(_files.Folder, "cohort");
        Directory.CreateDirectory(input);
        File.Copy(Sample("descriptive"), Path.Combine(input, "a.txt"));
        File.Copy(Sample("reflective"), Path.Combine(input, "b.txt"));
        File.WriteAllText(Path.Combine(input, "broken.docx"), "not a zip");
        string output = Path.Combine(_files.Folder, "out");
        (int exit, _, string stderr) = ConsoleRunner.Run("batch", Path.Combine(input, "*.txt"), "--out", output, "--parallel", "2");
        Assert.Equal(0, exit);
        Assert.Contains("2 of 2 statements analysed, 0 failed", stderr, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "summary.csv")).Length);
    }

    [Fact]
    public void Batch_Strict_WithWarnings_Exits1()
    {
        string input = Path.Combine(_files.Folder, "cohort");
        Directory.CreateDirectory(input);
        File.Copy(Sample("descriptive"), Path.Combine(input, "a.txt"));
        (int exit, _, _) = ConsoleRunner.Run("batch", input, "--out", Path.Combine(_files.Folder, "out"), "--strict");
        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData("/no/such/folder")]
    [InlineData("/no/such/folder/*.txt")]
    public void Batch_NothingToRead_IsAnInputError(string pattern)
    {
        (int exit, _, string stderr) = ConsoleRunner.Run("batch", pattern, "--out", Path.Combine(_files.Folder, "out"));
        Assert.Equal(3, exit);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_WithoutOut_IsAUsageError()
    {
        (int exit, _, _) = ConsoleRunner.Run("batch", _files.Folder);
        Assert.Equal(2, exit);
    }
}
