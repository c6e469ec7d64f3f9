using System.Text.RegularExpressions;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// No regular expression in the library or the CLI may backtrack: user text must never meet an engine whose time can
/// explode. Any regex has to use <see cref="RegexOptions.NonBacktracking"/>.
/// </summary>
public sealed class SourceRulesTests
{
    [Fact]
    public void Source_EveryRegex_IsNonBacktracking()
    {
        string[] files =
        [
            .. Directory.GetFiles(TestPaths.InRepository("src"), "*.cs", SearchOption.AllDirectories),
            .. Directory.GetFiles(TestPaths.InRepository("samples"), "*.cs", SearchOption.AllDirectories),
        ];
        Assert.NotEmpty(files);
        var offenders = files
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => BacktrackingRegexes(File.ReadAllText(f)).Select(line => $"{Path.GetRelativePath(TestPaths.RepositoryRoot, f)}:{line}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Regexes without RegexOptions.NonBacktracking: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("var r = new Regex(\"a+b\");", 1)]
    [InlineData("Regex r = new(\"a+\");\nbool m = Regex.IsMatch(text, \"(a|aa)+$\");", 2)]
    [InlineData("[GeneratedRegex(\"x+\")]\nprivate static partial Regex X();", 1)]
    [InlineData("var r = new Regex(\"a+b\",\n    RegexOptions.IgnoreCase);", 1)]
    [InlineData("var r = new Regex(\"a+b\", RegexOptions.NonBacktracking);", 0)]
    [InlineData("var r = new Regex(\n  \"a+b\",\n  RegexOptions.NonBacktracking | RegexOptions.IgnoreCase);", 0)]
    [InlineData("[GeneratedRegex(\"x+\", RegexOptions.NonBacktracking)]", 0)]
    [InlineData("// Regexes are not used here; text is split by the tokeniser.", 0)]
    public void Detector_FindsBacktrackingRegexesAndOnlyThose(string source, int expected)
    {
        Assert.Equal(expected, BacktrackingRegexes(source).Count());
    }

    /// <summary>Line numbers of regex constructions or static regex calls whose statement does not say NonBacktracking.</summary>
    internal static IEnumerable<int> BacktrackingRegexes(string source)
    {
        // A construction: new Regex(, Regex r = new(, [GeneratedRegex(, or a static Regex.Match/IsMatch/Matches/Replace/Split/Count/EnumerateMatches call.
        var construction = new Regex(
            @"new\s+Regex\s*\(|Regex\s+\w+\s*=\s*new\s*\(|GeneratedRegex\s*\(|\bRegex\s*\.\s*(?:Match|IsMatch|Matches|Replace|Split|Count|EnumerateMatches|EnumerateSplits)\s*\(",
            RegexOptions.NonBacktracking);
        foreach (Match match in construction.Matches(source))
        {
            // The statement runs to the next ';' or, for an attribute, to the closing ']'.
            int end = source.IndexOfAny([';', ']'], match.Index);
            string statement = source[match.Index..(end < 0 ? source.Length : end)];
            if (!statement.Contains("NonBacktracking", StringComparison.Ordinal))
            {
                yield return source.AsSpan(0, match.Index).Count('\n') + 1;
            }
        }
    }
}
