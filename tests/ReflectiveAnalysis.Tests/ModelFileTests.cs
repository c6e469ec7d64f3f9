namespace ReflectiveAnalysis.Tests;

public sealed class ModelFileTests
{
    private static byte[] SavedDefaultModel()
    {
        using var stream = new MemoryStream();
        ReflectionModel.Default.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Save_ThenLoad_GivesAModelThatAnalysesIdentically()
    {
        ReflectionModel loaded = ReflectionModel.Load(new MemoryStream(SavedDefaultModel()));
        Assert.Equal(ReflectionModel.Default.Name, loaded.Name);
        string text = File.ReadAllText(TestPaths.InRepository("samples", "statements", "reflective.txt"));
        Assert.Equal(
            ReflectionAnalyzer.CreateDefault().Analyze(text).ToJson(),
            new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = loaded }).Analyze(text).ToJson());
    }

    [Fact]
    public void Load_Empty_ThrowsModelFormatException()
    {
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream()));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongVersion_SaysWhichVersions()
    {
        byte[] file = SavedDefaultModel();
        file[8] = 99;
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(file)));
        Assert.Contains("format version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryTruncation_ThrowsModelFormatException()
    {
        byte[] file = SavedDefaultModel();
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            int length = random.Next(file.Length);
            Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(file[..length])));
        }
    }

    [Fact]
    public void Load_BitFlipAnywhere_ThrowsModelFormatException()
    {
        byte[] file = SavedDefaultModel();
        var random = new Random(11);
        // Every header byte, then a seeded sample of payload positions.
        IEnumerable<int> positions = Enumerable.Range(0, 28).Concat(Enumerable.Range(0, 300).Select(_ => random.Next(28, file.Length)));
        foreach (int position in positions)
        {
            byte[] corrupt = (byte[])file.Clone();
            corrupt[position] ^= (byte)(1 << random.Next(8));
            Assert.Throws<ModelFormatException>(() => ReflectionModel.Load(new MemoryStream(corrupt)));
        }
    }
}
