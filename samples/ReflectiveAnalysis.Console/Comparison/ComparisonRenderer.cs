using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Comparison;

/// <summary>Writes a <see cref="DraftComparison"/> as plain text, JSON or Markdown.</summary>
public static class ComparisonRenderer
{
    /// <summary>Plain text (no colour).</summary>
    public static void RenderText(DraftComparison comparison, string oldName, string newName, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        void Line(string text) => output.Write(text + "\n");
        ReflectionReport o = comparison.Old, n = comparison.New;
        Line($"Comparing {AnsiReportRenderer.Clean(oldName)} (old) with {AnsiReportRenderer.Clean(newName)} (new)");
        Line(Inv($"Depth: level {o.Depth.Level} {o.Depth.Label} ({o.Depth.Score}/100) -> level {n.Depth.Level} {n.Depth.Label} ({n.Depth.Score}/100), {Signed(n.Depth.Score - o.Depth.Score)}"));
        Line(Inv($"Words: {o.WordCount:N0} -> {n.WordCount:N0}"));
        Line(Inv($"Modes: descriptive {P(o.Modes.Descriptive)} -> {P(n.Modes.Descriptive)}, analytical {P(o.Modes.Analytical)} -> {P(n.Modes.Analytical)}, evaluative {P(o.Modes.Evaluative)} -> {P(n.Modes.Evaluative)}"));
        Line("Criteria coverage:");
        foreach (Criterion c in Enum.GetValues<Criterion>())
        {
            Line(Inv($"  {Name(c),-27}{P(o.Criteria[c]),4} -> {P(n.Criteria[c]),4}"));
        }
        Line("");
        Line(Inv($"Paragraphs: {comparison.Matched} matched, {comparison.AddedParagraphs.Length} new, {comparison.RemovedParagraphs.Length} removed"));
        if (comparison.ModeChanges.IsEmpty)
        {
            Line("  No matched paragraph changed mode.");
        }
        foreach (ParagraphChange change in comparison.ModeChanges)
        {
            string arrow = change.Deepened ? "deepened" : "became more descriptive";
            Line(Inv($"  P{change.OldParagraph + 1} -> P{change.NewParagraph + 1} {arrow}: {ReflectiveTaxonomy.ToName(change.OldMode)} -> {ReflectiveTaxonomy.ToName(change.NewMode)} (similarity {change.Similarity:0.00}) ") + AnsiReportRenderer.Clean(change.Excerpt));
        }
        Line("");
        Line("New gaps (feedback only on the new draft):");
        Items(comparison.NewGaps, Line);
        Line("Resolved gaps (feedback only on the old draft):");
        Items(comparison.ResolvedGaps, Line);
    }

    private static void Items(IEnumerable<FeedbackItem> items, Action<string> line)
    {
        bool any = false;
        foreach (FeedbackItem item in items)
        {
            any = true;
            line("  - [" + HtmlReportRenderer.KindName(item.Kind) + "] " + AnsiReportRenderer.Clean(item.Text));
        }
        if (!any)
        {
            line("  none");
        }
    }

    /// <summary>JSON: depth, words, modes and criteria before and after, the mode changes, and the new and resolved gaps.</summary>
    public static void RenderJson(DraftComparison comparison, string oldName, string newName, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        var root = new JsonObject
        {
            ["old"] = Side(comparison.Old, oldName),
            ["new"] = Side(comparison.New, newName),
            ["matchedParagraphs"] = comparison.Matched,
            ["addedParagraphs"] = new JsonArray([.. comparison.AddedParagraphs.Select(i => (JsonNode)i)]),
            ["removedParagraphs"] = new JsonArray([.. comparison.RemovedParagraphs.Select(i => (JsonNode)i)]),
            ["modeChanges"] = new JsonArray([.. comparison.ModeChanges.Select(c => (JsonNode)new JsonObject
            {
                ["oldParagraph"] = c.OldParagraph,
                ["newParagraph"] = c.NewParagraph,
                ["similarity"] = c.Similarity,
                ["oldMode"] = ReflectiveTaxonomy.ToName(c.OldMode),
                ["newMode"] = ReflectiveTaxonomy.ToName(c.NewMode),
                ["deepened"] = c.Deepened,
                ["excerpt"] = c.Excerpt,
            })]),
            ["newGaps"] = Feedback(comparison.NewGaps),
            ["resolvedGaps"] = Feedback(comparison.ResolvedGaps),
        };
        output.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Markdown, user text escaped.</summary>
    public static void RenderMarkdown(DraftComparison comparison, string oldName, string newName, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        void Line(string text) => output.Write(text + "\n");
        ReflectionReport o = comparison.Old, n = comparison.New;
        Line("# Draft comparison: " + Escape.Markdown(oldName) + " \u2192 " + Escape.Markdown(newName));
        Line("");
        Line("| | old | new |");
        Line("| --- | ---: | ---: |");
        Line(Inv($"| depth | {o.Depth.Level} ({o.Depth.Score}/100) | {n.Depth.Level} ({n.Depth.Score}/100) |"));
        Line(Inv($"| words | {o.WordCount:N0} | {n.WordCount:N0} |"));
        Line(Inv($"| descriptive | {P(o.Modes.Descriptive)} | {P(n.Modes.Descriptive)} |"));
        Line(Inv($"| analytical | {P(o.Modes.Analytical)} | {P(n.Modes.Analytical)} |"));
        Line(Inv($"| evaluative | {P(o.Modes.Evaluative)} | {P(n.Modes.Evaluative)} |"));
        foreach (Criterion c in Enum.GetValues<Criterion>())
        {
            Line(Inv($"| {Name(c)} | {P(o.Criteria[c])} | {P(n.Criteria[c])} |"));
        }
        Line("");
        Line("## Paragraphs that changed mode");
        Line("");
        foreach (ParagraphChange change in comparison.ModeChanges)
        {
            Line(Inv($"- P{change.OldParagraph + 1} \u2192 P{change.NewParagraph + 1}: {ReflectiveTaxonomy.ToName(change.OldMode)} \u2192 **{ReflectiveTaxonomy.ToName(change.NewMode)}**: ") + Escape.Markdown(change.Excerpt));
        }
        if (comparison.ModeChanges.IsEmpty)
        {
            Line("None.");
        }
        Line("");
        Line("## New gaps");
        Line("");
        MarkdownItems(comparison.NewGaps, Line);
        Line("");
        Line("## Resolved gaps");
        Line("");
        MarkdownItems(comparison.ResolvedGaps, Line);
    }

    private static void MarkdownItems(IEnumerable<FeedbackItem> items, Action<string> line)
    {
        bool any = false;
        foreach (FeedbackItem item in items)
        {
            any = true;
            line("- **" + HtmlReportRenderer.KindName(item.Kind) + "** " + Escape.Markdown(item.Text));
        }
        if (!any)
        {
            line("None.");
        }
    }

    private static JsonObject Side(ReflectionReport report, string name) => new()
    {
        ["file"] = name,
        ["words"] = report.WordCount,
        ["depthLevel"] = report.Depth.Level,
        ["depthLabel"] = report.Depth.Label,
        ["depthScore"] = report.Depth.Score,
        ["modes"] = new JsonObject { ["descriptive"] = report.Modes.Descriptive, ["analytical"] = report.Modes.Analytical, ["evaluative"] = report.Modes.Evaluative },
        ["criteria"] = new JsonObject
        {
            ["personalPerformance"] = report.Criteria.PersonalPerformance,
            ["organisationalContext"] = report.Criteria.OrganisationalContext,
            ["widerProfessionalContext"] = report.Criteria.WiderProfessionalContext,
        },
    };

    private static JsonArray Feedback(IEnumerable<FeedbackItem> items) =>
        new([.. items.Select(f => (JsonNode)new JsonObject
        {
            ["kind"] = JsonSerializer.SerializeToNode(f.Kind, ReflectiveJson.Options),
            ["paragraph"] = f.Paragraph,
            ["text"] = f.Text,
        })]);

    private static string Name(Criterion c) => c switch
    {
        Criterion.PersonalPerformance => "personal performance",
        Criterion.OrganisationalContext => "organisational context",
        _ => "wider professional context",
    };

    private static string Signed(int delta) => delta > 0 ? "+" + delta.ToString(CultureInfo.InvariantCulture) : delta.ToString(CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>JSON options for the console's own documents.</summary>
internal static class ReflectiveJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
