using System.Text.Json;

namespace ReflectiveAnalysis.Console.Tests;

/// <summary><c>reflect classify</c>, <c>evaluate</c> and <c>train</c>, run in-process.</summary>
public sealed class ResearchCommandTests
{
    private static JsonElement[] JsonLines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public void ClassifySentence_OneRecordPerLine_NeverSplitsARecord()
    {
        string input = "I ran six induction sessions. Each lasted an hour.\nNext year I will ask the students what they need first.\n";
        (int exit, string stdout, string stderr) = ConsoleRunner.RunWithInput(input, "classify", "-", "--unit", "sentence");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        JsonElement[] lines = JsonLines(stdout);
        Assert.Equal(2, lines.Length); // the first record holds two sentences and still gives one object
        Assert.Equal(0, lines[0].GetProperty("index").GetInt32());
        Assert.Equal("intention", lines[1].GetProperty("category").GetString());
        Assert.Equal("evaluative", lines[1].GetProperty("mode").GetString());
        double sum = lines[1].GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.InRange(sum, 0.999, 1.001);
    }

    [Fact]
    public void ClassifySentence_JsonlWithContext_KeepsIdsAndOrder()
    {
        string input = "{\"id\":\"a\",\"text\":\"I felt nervous.\",\"context\":\"We opened late. I felt nervous. Then it went well.\"}\n{\"id\":\"b\",\"text\":\"I have learned to ask users first.\"}\n";
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput(input, "classify", "-");
        Assert.Equal(0, exit);
        JsonElement[] lines = JsonLines(stdout);
        Assert.Equal(["a", "b"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("feeling", lines[0].GetProperty("category").GetString());
    }

    [Fact]
    public void ClassifyParagraph_RecordWithLineBreaks_IsOneParagraphWithModeCriteriaAndDepth()
    {
        string input = "{\"text\":\"I ran six sessions.\\n\\nLooking back, I think they were too long because nobody asked the students.\"}\n";
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput(input, "classify", "-", "--unit", "paragraph");
        Assert.Equal(0, exit);
        JsonElement line = Assert.Single(JsonLines(stdout));
        Assert.Equal(2, line.GetProperty("sentences").GetInt32());
        Assert.Contains(line.GetProperty("mode").GetString(), new[] { "descriptive", "analytical", "evaluative" });
        Assert.InRange(line.GetProperty("depth").GetProperty("score").GetInt32(), 0, 100);
        Assert.Equal(3, line.GetProperty("criteria").EnumerateObject().Count());
    }

    [Fact]
    public void ClassifyDocument_GivesTheReportContractPerRecord()
    {
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput("I ran a session.\nNext year I will run two.\n", "classify", "-", "--unit", "document");
        Assert.Equal(0, exit);
        JsonElement[] lines = JsonLines(stdout);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(1, l.GetProperty("schemaVersion").GetInt32()));
    }

    [Fact]
    public void ClassifyCeredTsv_ReadsSentenceAndContextColumns()
    {
        string tsv = "idx\tcontext\tsentence\ty\tconfidence\n7\tWe met. I was anxious about it. It passed.\tI was anxious about it.\tFeeling\t[6, 5]\n";
        (int exit, string stdout, _) = ConsoleRunner.RunWithInput(tsv, "classify", "-", "--input-format", "cered");
        Assert.Equal(0, exit);
        JsonElement line = Assert.Single(JsonLines(stdout));
        Assert.Equal("7", line.GetProperty("id").GetString());
        Assert.Equal("feeling", line.GetProperty("category").GetString());
    }

    [Fact]
    public void Classify_BadJsonl_IsAnInputError()
    {
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput("{\"nottext\":1}\n", "classify", "-", "--input-format", "jsonl");
        Assert.Equal(3, exit);
        Assert.Contains("text", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classify")]
    [InlineData("evaluate", "--data", ".")]
    [InlineData("train")]
    [InlineData("score", "-")]
    public void UnknownTier_IsRefusedClearly(params string[] args)
    {
        (int exit, _, string stderr) = ConsoleRunner.RunWithInput("x\n", [.. args, "--tier", "medium"]);
        Assert.Equal(2, exit);
        Assert.Contains("unknown tier 'medium'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_AccurateTier_UsesTheEmbeddingsModel()
    {
        (int exit, string stdout, string stderr) = ConsoleRunner.RunWithInput("Next year I will lead the induction sessions myself.\nI felt nervous before the meeting.\n", "classify", "-", "--tier", "accurate");
        Assert.True(exit == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"probabilities\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Score_AccurateTier_ReportsTheAccurateModel()
    {
        (int exit, string stdout, string stderr) = ConsoleRunner.RunWithInput("I ran the library's first coding club. Looking back, I realise that the pupils learned more from each other than from me.\n", "score", "-", "--tier", "accurate", "--format", "json");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"reflective-accurate\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Corpus_PrintsSentenceCriteriaAndDepthMetricsForTheTestSplit()
    {
        (int exit, string stdout, string stderr) = ConsoleRunner.Run("evaluate", "--data", TestPaths.InRepository("data", "corpus"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("corpus test split", stdout, StringComparison.Ordinal);
        Assert.Contains("fine (9 categories)", stdout, StringComparison.Ordinal);
        // The corpus's intervals resample whole documents (its 38 test documents), not sentences.
        Assert.Contains("2,000 resamples of the 38 documents", stdout, StringComparison.Ordinal);
        Assert.Matches(@"fine \(9 categories\): n=1030 accuracy=\d+\.\d % \(95% CI \d+\.\d %-\d+\.\d %\)", stdout);
        Assert.Contains("criteria (threshold 0.5)", stdout, StringComparison.Ordinal);
        Assert.Contains("depth, statements", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CeredTsvWithPredictions_WritesOneLinePerSentence()
    {
        string dir = Directory.CreateTempSubdirectory("reflect-eval").FullName;
        try
        {
            string tsv = Path.Combine(dir, "tiny.tsv");
            File.WriteAllText(tsv, "idx\tcontext\tsentence\ty\tconfidence\n1\tI ran it.\tI ran it.\tExperience\t[6, 6]\n2\tNext time I will plan.\tNext time I will plan.\tIntention\t[7, 6]\n");
            string predictions = Path.Combine(dir, "p.jsonl");
            (int exit, string stdout, string stderr) = ConsoleRunner.Run("evaluate", "--data", tsv, "--predictions", predictions);
            Assert.True(exit == 0, stderr);
            Assert.Contains("accuracy", stdout, StringComparison.Ordinal);
            JsonElement[] lines = JsonLines(File.ReadAllText(predictions));
            Assert.Equal(["1", "2"], lines.Select(l => l.GetProperty("idx").GetString()));
            Assert.Equal("intention", lines[1].GetProperty("gold").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TrainAccurate_TuneWithTheFineTunedEncoder_IsRefusedClearly()
    {
        (int exit, _, string stderr) = ConsoleRunner.Run("train", "--tier", "accurate", "--tune");
        Assert.Equal(2, exit);
        Assert.Contains("--encoder minilm", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tier", "accurate", "--encoder")] // the accurate tier's fine-tuned encoder
    [InlineData("--tier", "fast", "--teacher")] // the fast tier's distillation teacher
    public void Train_MissingOrDamagedEncoderFile_FailsWithAReasonAndWritesNothing(string tierOption, string tier, string fileOption)
    {
        string dir = Directory.CreateTempSubdirectory("reflect-train").FullName;
        try
        {
            string output = Path.Combine(dir, "model.ramodel");
            (int exit, _, string stderr) = ConsoleRunner.Run("train", tierOption, tier, fileOption, Path.Combine(dir, "missing.raenc"), "--out", output);
            Assert.Equal(3, exit);
            Assert.Contains("training failed", stderr, StringComparison.Ordinal);

            string damaged = Path.Combine(dir, "damaged.raenc");
            File.WriteAllBytes(damaged, [.. "RAENCDR\u001A"u8, 1, 0, 0, 0, 9, 9]);
            (exit, _, stderr) = ConsoleRunner.Run("train", tierOption, tier, fileOption, damaged, "--out", output);
            Assert.Equal(3, exit);
            Assert.Contains("encoder weights", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Train_TeacherAndEncoderBelongToTheirOwnTiers()
    {
        (int exit, _, string stderr) = ConsoleRunner.Run("train", "--tier", "accurate", "--teacher", "none");
        Assert.Equal(2, exit);
        Assert.Contains("--teacher is for the fast tier", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = ConsoleRunner.Run("train", "--encoder", "minilm");
        Assert.Equal(2, exit);
        Assert.Contains("--encoder is for --tier accurate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        (_, string stdout, _) = ConsoleRunner.Run("--help");
        foreach (string command in new[] { "score", "compare", "batch", "classify", "evaluate", "train" })
        {
            Assert.Contains(command, stdout, StringComparison.Ordinal);
        }
    }
}
