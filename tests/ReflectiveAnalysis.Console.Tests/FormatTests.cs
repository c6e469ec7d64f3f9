using System.Diagnostics;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ReflectiveAnalysis.Console.Input;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Tests;

/// <summary>Every input format in and every report format out, through <c>ReflectCli.Run</c>.</summary>
public sealed class FormatTests : IDisposable
{
    private const string Injection =
        "Personal performance\n\n" +
        "I typed <script>alert(1)</script> into the catalogue and the title became \" onmouseover=\"x and it broke. " +
        "I clicked [here](javascript:alert(1)) and saw ![logo](javascript:alert(2)) and <img src=x onerror=alert(3)>. " +
        "Looking back, I think the problem was **unescaped** `input` | in | tables & <b>markup</b>. " +
        "I have learned that every field needs escaping, so next year I will audit our forms.\n";

    private readonly Fixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Markdown_HeadingsListsAndEmphasis_BecomePlainLines()
    {
        string text = MarkdownText.ToPlainText("# Personal *performance*\nI ran **two** sessions\nand a [club](http://x.example).\n\n- first _item_\n- second\n\n> quoted `code`\n\n<div>raw html</div>\n", InputLimits.Default);
        Assert.Equal("Personal performance\n\nI ran two sessions and a club.\n\n- first item\n- second\n\nquoted code\n", text);
    }

    [Fact]
    public void Score_MarkdownFile_KeepsTheHeadingAsAHeadingParagraph()
    {
        string path = _files.Write("statement.md", "## Organisational context\n\nI ran a *session*. Next year I will run two.\n");
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("score", path, "--json");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        ReflectionReport report = ReflectionReport.FromJson(stdout);
        Assert.Equal(ParagraphKind.Heading, report.Paragraphs[0].Kind);
        Assert.Equal("Organisational context", report.Sentences[0].Text.Trim());
        Assert.DoesNotContain(report.Sentences, s => s.Text.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void Docx_ReadsHeadingsListsAndTables_IgnoresCommentsAndDeletions()
    {
        string text = DocxText.Extract(Fixtures.Docx(), "t.docx", InputLimits.Default);
        Assert.Equal(
            "Personal performance\n\n" +
            "I ran the rhyme-time sessions for a year. Looking back, I think they failed because I copied the old format.\n\n" +
            "- Moved the session to Saturday\n- Trained two volunteers\n\n" +
            "Evidence 3 | Attendance figures\n\n" +
            "Next year I will share the results with the regional network.\n",
            text);
    }

    [Fact]
    public void Score_DocxFile_AnalysesItsText()
    {
        string path = _files.Write("statement.docx", Fixtures.Docx());
        (int exit, string stdout, _) = ConsoleRunner.Run("score", path, "--json");
        Assert.Equal(0, exit);
        ReflectionReport report = ReflectionReport.FromJson(stdout);
        Assert.Equal(ParagraphKind.Heading, report.Paragraphs[0].Kind);
        Assert.Contains(report.Paragraphs, p => p.Kind == ParagraphKind.List);
        Assert.DoesNotContain(report.Sentences, s => s.Text.Contains("TRACKEDDELETION", StringComparison.Ordinal) || s.Text.Contains("MENTORCOMMENT", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_PdfFile_ReadsTheTextLayer()
    {
        string path = _files.Write("statement.pdf", Fixtures.Pdf("I ran the rhyme-time sessions for a year.", "Next year I will train two volunteers."));
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("score", path, "--json");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        ReflectionReport report = ReflectionReport.FromJson(stdout);
        string all = string.Join(" ", report.Sentences.Select(s => s.Text));
        Assert.Contains("rhyme-time sessions", all, StringComparison.Ordinal);
        Assert.Contains("two volunteers", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_PdfWithoutText_SaysSo()
    {
        string path = _files.Write("scan.pdf", Fixtures.EmptyPdf());
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.Contains("no text", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void FormatIn_OverridesTheExtension()
    {
        string path = _files.Write("statement.txt", "# Heading\n\nI ran a *session*.\n");
        (_, string asText, _) = ConsoleRunner.Run("score", path, "--json");
        (_, string asMarkdown, _) = ConsoleRunner.Run("score", path, "--json", "--format-in", "markdown");
        Assert.Contains(ReflectionReport.FromJson(asText).Sentences, s => s.Text.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain(ReflectionReport.FromJson(asMarkdown).Sentences, s => s.Text.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void ZipBombDocx_IsRefusedQuickly()
    {
        string path = _files.Write("bomb.docx", Fixtures.ZipBomb(60));
        Assert.True(new FileInfo(path).Length < 1024 * 1024, "the fixture should be a small file that inflates a lot");
        var clock = Stopwatch.StartNew();
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.Contains("zip bomb", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TruncatedPdf_IsAnInputErrorQuickly()
    {
        byte[] pdf = Fixtures.Pdf("I ran a session.", "Next year I will run two.");
        string path = _files.Write("truncated.pdf", pdf[..(pdf.Length / 2)]);
        var clock = Stopwatch.StartNew();
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("reflect: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("garbage.docx", "this is not a zip")]
    [InlineData("garbage.pdf", "this is not a pdf")]
    public void MalformedDocuments_AreOneLineInputErrors(string name, string content)
    {
        string path = _files.Write(name, content);
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.StartsWith("reflect: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void EncryptedDocx_SaysItIsEncrypted()
    {
        // Password-protected Office files are OLE compound files, not zips.
        string path = _files.Write("locked.docx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.Contains("encrypted", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedDocx_IsRefusedWithoutBlowingTheStack()
    {
        string path = _files.Write("deep.docx", Fixtures.DeeplyNestedDocx(20_000));
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.True(stderr.Contains("nests", StringComparison.Ordinal), stderr);
    }

    [Fact]
    public void DeeplyNestedMarkdown_DoesNotCrash()
    {
        string path = _files.Write("deep.md", new string('>', 50_000) + " text\n\n" + string.Concat(Enumerable.Repeat("- ", 5_000)) + "item\n");
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.True(exit is 0 or 3, stderr);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedFile_IsRefusedBeforeReading()
    {
        string path = Path.Combine(_files.Folder, "huge.txt");
        using (var stream = File.Create(path))
        {
            stream.SetLength(InputLimits.Default.MaxFileBytes + 1);
        }
        (int exit, _, string stderr) = ConsoleRunner.Run("score", path);
        Assert.Equal(3, exit);
        Assert.Contains("limit", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_IsOneStandalonePageWithTheExpectedStructure()
    {
        string input = TestPaths.InRepository("samples", "statements", "reflective.txt");
        (int exit, string stdout, _) = ConsoleRunner.Run("score", input, "--format", "html");
        Assert.Equal(0, exit);
        ReflectionReport report = ReflectionReport.FromJson(ConsoleRunner.Run("score", input, "--json").Stdout);
        IDocument page = new HtmlParser().ParseDocument(stdout);

        Assert.Empty(page.QuerySelectorAll("script, link, iframe, img, object"));
        Assert.All(page.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name is "src" || (a.Name == "href" && !a.Value.StartsWith('#'))));
        Assert.NotNull(page.QuerySelector("style"));
        Assert.NotNull(page.QuerySelector("#depth svg"));
        Assert.NotNull(page.QuerySelector("#criteria svg"));
        IHtmlCollection<IElement> sentences = page.QuerySelectorAll("#statement span.s");
        Assert.Equal(report.Sentences.Count(s => report.Paragraphs.First(p => p.Sentences.Contains(s.Index)).Kind != ParagraphKind.Heading), sentences.Length);
        Assert.All(sentences, s => Assert.Matches(@"^s mode-(descriptive|analytical|evaluative) cat-[a-z]+( evidence)?$", s.ClassName!));
        Assert.All(sentences, s => Assert.Contains("confidence", s.GetAttribute("title"), StringComparison.Ordinal));
        Assert.Equal(report.Depth.Evidence.Length, page.QuerySelectorAll("span.s.evidence").Length);
        int paragraphFeedback = report.Feedback.Count(f => f.Paragraph is not null);
        Assert.Equal(paragraphFeedback, page.QuerySelectorAll(".row aside.fb li").Length);
        Assert.Equal(report.Feedback.Length - paragraphFeedback, page.QuerySelectorAll("#feedback li").Length);
    }

    [Fact]
    public void Html_InputCannotCreateElementsOrAttributes()
    {
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput(Injection, "score", "-", "--format", "html");
        Assert.Equal(0, exit);
        IDocument page = new HtmlParser().ParseDocument(stdout);
        Assert.Empty(page.QuerySelectorAll("script, img, a[href^='javascript'], b"));
        Assert.All(page.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.All(page.QuerySelectorAll("a"), a => Assert.StartsWith("#", a.GetAttribute("href"), StringComparison.Ordinal));
        string statement = page.QuerySelector("#statement")!.TextContent;
        Assert.Contains("<script>alert(1)</script>", statement, StringComparison.Ordinal);
        Assert.Contains("\" onmouseover=\"x", statement, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(3)>", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_InputCannotCreateElementsLinksOrEmphasis()
    {
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput(Injection, "score", "-", "--format", "markdown");
        Assert.Equal(0, exit);
        string html = Markdig.Markdown.ToHtml(stdout);
        IDocument page = new HtmlParser().ParseDocument(html);
        Assert.Empty(page.QuerySelectorAll("script, img, a, b"));
        Assert.All(page.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        string text = page.Body!.TextContent;
        Assert.Contains("<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("[here](javascript:alert(1))", text, StringComparison.Ordinal);
        Assert.Contains("**unescaped** `input` | in | tables & <b>markup</b>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_OnATerminal_IsColouredWithALegend_AndPlainOtherwise()
    {
        var output = new StringWriter();
        int exit = ReflectCli.Run(["score", "-"], new StringReader("I ran a session. Next year I will run two."), output, new StringWriter(), stdoutIsTerminal: true);
        Assert.Equal(0, exit);
        string coloured = output.ToString();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            Assert.DoesNotContain("\u001b[", coloured, StringComparison.Ordinal);
            return;
        }
        Assert.Contains("\u001b[32m", coloured, StringComparison.Ordinal);
        Assert.Contains("descriptive", coloured, StringComparison.Ordinal);
        Assert.Contains("Top questions", coloured, StringComparison.Ordinal);
        Assert.Contains("of 1,000 (chartership)", coloured, StringComparison.Ordinal);

        var plain = new StringWriter();
        ReflectCli.Run(["score", "-", "--no-color"], new StringReader("I ran a session. Next year I will run two."), plain, new StringWriter(), stdoutIsTerminal: true);
        Assert.DoesNotContain("\u001b[", plain.ToString(), StringComparison.Ordinal);
        Assert.Contains("[E]", plain.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ColourRendering_StripsControlCharactersFromInput()
    {
        var output = new StringWriter();
        ReflectCli.Run(["score", "-"], new StringReader("I ran a \u001b[31msession\u0007. Next year I will run two."), output, new StringWriter(), stdoutIsTerminal: true);
        Assert.DoesNotContain("\u001b[31msession", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFile_GetsTheReport_AndStdoutStaysEmpty()
    {
        string path = Path.Combine(_files.Folder, "report.json");
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput("I ran a session.", "score", "-", "--format", "json", "-o", path);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public void JsonAlias_DisagreeingWithFormat_IsAUsageError()
    {
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput("I ran a session.", "score", "-", "--json", "--format", "html");
        Assert.Equal(2, exit);
        Assert.Contains("disagree", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_WithWarnings_Exits1_AndWithoutStrict_0()
    {
        string input = TestPaths.InRepository("samples", "statements", "descriptive.txt");
        Assert.Equal(0, ConsoleRunner.Run("score", input).Exit);
        (int exit, _, string stderr) = ConsoleRunner.Run("score", input, "--strict");
        Assert.Equal(1, exit);
        Assert.Contains("warning: criterion gap", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_OverTheWordLimit_Exits1()
    {
        string text = string.Join(" ", Enumerable.Repeat("Looking back, I think the session worked because parents joined in, and next year I will run two.", 20));
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput(text, "score", "-", "--strict", "--route", "revalidation");
        Assert.Equal(1, exit);
        Assert.Contains("over the revalidation limit of 250", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_DocumentsTheExitCodesAndExamples()
    {
        (int exit, string stdout, _) = ConsoleRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Exit codes: 0 ok, 1 analysis warnings with --strict", stdout, StringComparison.Ordinal);
        Assert.Contains("reflect compare", stdout, StringComparison.Ordinal);
        Assert.Contains("reflect batch", stdout, StringComparison.Ordinal);
    }
}
