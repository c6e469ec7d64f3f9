using ReflectiveAnalysis.Embeddings;

namespace ReflectiveAnalysis.Embeddings.Tests;

public sealed class MiniLmSentenceEncoderTests
{
    private static readonly string[] s_sentences =
    [
        "I catalogued the new donations in the archive.",
        "Looking back, I realise I should have asked the readers what they needed before redesigning the enquiry desk.",
        "Next year I will run the induction sessions myself.",
        "It was frustrating.",
    ];

    [Fact]
    public void Encode_IsDeterministic_AndIndependentOfTheBatch()
    {
        MiniLmSentenceEncoder encoder = MiniLmSentenceEncoder.Shared;
        var first = new float[s_sentences.Length * encoder.Dimension];
        var second = new float[s_sentences.Length * encoder.Dimension];
        encoder.Encode(s_sentences, first);
        encoder.Encode(s_sentences, second);
        Assert.Equal(first, second);

        // Alone, the same sentence gives the same vector up to rounding (no padding from longer neighbours).
        float[] alone = encoder.Encode(s_sentences[1]);
        for (int i = 0; i < encoder.Dimension; i++)
        {
            Assert.True(Math.Abs(alone[i] - first[encoder.Dimension + i]) < 1e-5, $"dimension {i}: {alone[i]} alone vs {first[encoder.Dimension + i]} in the batch");
        }
    }

    [Fact]
    public void Encode_GivesUnitLengthVectorsThatSeparateMeaning()
    {
        MiniLmSentenceEncoder encoder = MiniLmSentenceEncoder.Shared;
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", encoder.Name);
        Assert.Equal(384, encoder.Dimension);
        float[] a = encoder.Encode("I will attend the cataloguing course next spring.");
        float[] b = encoder.Encode("Next spring I plan to go on a cataloguing course.");
        float[] c = encoder.Encode("The boiler in the basement broke down again.");
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 3);
        Assert.True(Dot(a, b) > Dot(a, c) + 0.2, $"paraphrase {Dot(a, b):F3} vs unrelated {Dot(a, c):F3}");
    }

    [Fact]
    public void Encode_LongAndEmptyTextDoNotFail()
    {
        MiniLmSentenceEncoder encoder = MiniLmSentenceEncoder.Shared;
        string[] texts = [string.Join(' ', Enumerable.Repeat("bibliographic", 2000)), "", "   ", "é" + new string('x', 3000)];
        var vectors = new float[texts.Length * encoder.Dimension];
        encoder.Encode(texts, vectors);
        Assert.All(vectors, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Encode_WrongDestinationLength_Throws()
    {
        MiniLmSentenceEncoder encoder = MiniLmSentenceEncoder.Shared;
        Assert.Throws<ArgumentException>(() => encoder.Encode(s_sentences, new float[10]));
    }

    private static double Dot(float[] x, float[] y) => x.Zip(y).Sum(p => (double)p.First * p.Second);
}
