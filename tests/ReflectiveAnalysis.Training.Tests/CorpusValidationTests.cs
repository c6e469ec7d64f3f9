using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>
/// Every corpus document follows data/corpus/SCHEMA.md: fields and values, the split rule, scores inside their level's
/// band, counts in range. It checks form, not whether a label is right (that is what the second labelling measures).
/// </summary>
public sealed class CorpusValidationTests
{
    private static readonly HashSet<string> s_sectors = ["public", "academic", "school", "health", "law", "government", "corporate", "archives", "knowledge-management"];
    private static readonly HashSet<string> s_levels = ["new-professional", "certification", "chartership", "fellowship", "revalidation"];
    private static readonly HashSet<string> s_routes = ["certification", "chartership", "fellowship", "revalidation"];
    private static readonly HashSet<string> s_categories = ["experience", "feeling", "belief", "difficulty", "perspective", "reflection", "learning", "intention", "other"];
    private static readonly HashSet<string> s_criteria = ["personal", "organisational", "wider"];
    private static readonly HashSet<string> s_fields = ["id", "kind", "split", "sector", "level", "route", "style", "depth", "paragraphs"];

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(TestData.Corpus, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_follows_the_schema(string file)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.Corpus, file)));
        JsonElement root = json.RootElement;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            Assert.True(s_fields.Contains(property.Name), $"{file}: unknown field '{property.Name}'");
        }

        string id = root.GetProperty("id").GetString()!;
        Assert.Equal(Path.GetFileNameWithoutExtension(file), id);
        Match match = Regex.Match(id, "^([sp])([0-9]{3})$");
        Assert.True(match.Success, $"{file}: id '{id}' is not sNNN or pNNN");
        bool statement = match.Groups[1].Value == "s";
        int number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);

        Assert.Equal(statement ? "statement" : "paragraphs", root.GetProperty("kind").GetString());
        Assert.Equal(number % 5 == 0 ? "test" : "train", root.GetProperty("split").GetString());
        Assert.Contains(root.GetProperty("sector").GetString()!, s_sectors);
        Assert.Contains(root.GetProperty("level").GetString()!, s_levels);
        Assert.Contains(root.GetProperty("route").GetString()!, s_routes);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("style").GetString()), $"{file}: no style note");

        JsonElement depth = root.GetProperty("depth");
        if (statement)
        {
            int level = depth.GetProperty("level").GetInt32();
            int score = depth.GetProperty("score").GetInt32();
            Assert.InRange(level, 0, 3);
            Assert.Equal(level, DepthAssessment.LevelFor(score));
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, depth.ValueKind);
        }

        int words = 0;
        int paragraphs = 0;
        foreach (JsonElement paragraph in root.GetProperty("paragraphs").EnumerateArray())
        {
            paragraphs++;
            Assert.InRange(paragraph.GetProperty("depth").GetInt32(), 0, 3);
            var criteria = new HashSet<string>();
            foreach (JsonElement criterion in paragraph.GetProperty("criteria").EnumerateArray())
            {
                Assert.Contains(criterion.GetString()!, s_criteria);
                Assert.True(criteria.Add(criterion.GetString()!), $"{file}: criterion repeated in paragraph {paragraphs}");
            }
            if (paragraph.GetProperty("heading") is { ValueKind: JsonValueKind.String } heading)
            {
                Assert.False(string.IsNullOrWhiteSpace(heading.GetString()), $"{file}: empty heading in paragraph {paragraphs}");
                Assert.DoesNotContain('\n', heading.GetString()!);
            }
            int sentences = 0;
            foreach (JsonElement sentence in paragraph.GetProperty("sentences").EnumerateArray())
            {
                sentences++;
                string text = sentence.GetProperty("text").GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(text), $"{file}: empty sentence in paragraph {paragraphs}");
                Assert.Equal(text.Trim(), text);
                Assert.DoesNotContain('\n', text);
                Assert.DoesNotContain('\r', text);
                Assert.Contains(sentence.GetProperty("category").GetString()!, s_categories);
                words += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            }
            Assert.True(sentences > 0, $"{file}: paragraph {paragraphs} has no sentences");
        }

        if (statement)
        {
            // Statements: several paragraphs; 300-1,000 words (revalidation, limited to 250, from 150).
            Assert.InRange(paragraphs, 2, 20);
            Assert.InRange(words, root.GetProperty("route").GetString() == "revalidation" ? 150 : 280, 1_050);
        }
        else
        {
            Assert.InRange(paragraphs, 2, 12);
        }
    }

    [Fact]
    public void The_corpus_meets_the_sizes_the_annotation_guide_promises()
    {
        IReadOnlyList<CorpusDocument> documents = TestData.CorpusDocuments;
        Assert.True(documents.Count(d => d.Kind == "statement") >= 60, "fewer than 60 statements");
        Assert.True(documents.Sum(d => d.Paragraphs.Count) >= 400, "fewer than 400 paragraphs");
        Assert.True(documents.Sum(d => d.Paragraphs.Sum(p => p.Sentences.Count)) >= 1_000, "fewer than 1,000 labelled sentences");
        Assert.Contains(documents, d => d.IsTest);
    }
}
