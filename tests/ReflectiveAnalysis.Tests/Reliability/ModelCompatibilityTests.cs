using System.Text;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// A model file written by the first released format version (<c>Data/model-v1.ramodel</c>, see Data/README.md) still
/// loads and analyses as it did: the same report as the committed golden JSON, and, while the embedded lexicon is the
/// one the file was written with, exactly what <see cref="ReflectionModel.LexiconOnly"/> gives today.
/// </summary>
public sealed class ModelCompatibilityTests
{
    private static string DataFile(string name) => TestPaths.InRepository("tests", "ReflectiveAnalysis.Tests", "Reliability", "Data", name);

    [Fact]
    public void Load_FormatVersion1File_GivesTheModelItWasWrittenFrom()
    {
        ReflectionModel model = ReflectionModel.Load(DataFile("model-v1.ramodel"));
        Assert.Equal("reflective-lexicon", model.Name);
        Assert.Equal("1", model.Version);
        Assert.Null(model.CategoryLayer);
        Assert.True(model.Lexicon.PhraseCount > 100, $"only {model.Lexicon.PhraseCount} phrases");
        byte[] file = File.ReadAllBytes(DataFile("model-v1.ramodel"));
        Assert.Equal(1, BitConverter.ToUInt16(file, 8)); // the format version in the header
    }

    [Fact]
    public void Analyze_WithTheFormatVersion1Model_MatchesTheGoldenReport()
    {
        ReflectionModel model = ReflectionModel.Load(DataFile("model-v1.ramodel"));
        string text = File.ReadAllText(TestPaths.InRepository("samples", "statements", "reflective.txt"));
        string actual = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = model }).Analyze(text).ToJson().Replace("\r\n", "\n", StringComparison.Ordinal);
        string golden = DataFile("model-v1.reflective.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual, new UTF8Encoding(false));
        }
        Assert.Equal(File.ReadAllText(golden).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }

    [Fact]
    public void Analyze_WithTheFormatVersion1Model_MatchesTheLexiconOnlyModelWhileItsLexiconIsUnchanged()
    {
        ReflectionModel model = ReflectionModel.Load(DataFile("model-v1.ramodel"));
        if (model.Lexicon.Source != ReflectionModel.ReadEmbeddedLexicon())
        {
            // cues.lex has been edited since the file was written: the golden report above still pins the format.
            return;
        }
        var fromFile = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = model });
        var builtIn = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = ReflectionModel.LexiconOnly });
        foreach (string path in Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt"))
        {
            string text = File.ReadAllText(path);
            Assert.Equal(builtIn.Analyze(text).ToJson(), fromFile.Analyze(text).ToJson());
        }
    }
}
