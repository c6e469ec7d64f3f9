using System.Globalization;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>Renders a report as plain text for a terminal or a file: no colour, ASCII bars, mode markers.</summary>
public static class TextReportRenderer
{
    private const int BarWidth = 20;

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Render(ReflectionReport report, ReflectionAnalyzerOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var w = new Writer(output);

        DepthAssessment depth = report.Depth;
        w.Line($"Reflection depth: level {depth.Level}, {depth.Label} ({depth.Score}/100)");
        w.Line($"  {Bar(depth.Score / 100.0)}");
        foreach (string reason in depth.Rationale)
        {
            w.Line($"  - {reason}");
        }
        if (depth.Evidence.Length > 0)
        {
            w.Line($"  Evidence: sentences {string.Join(", ", depth.Evidence.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)))}");
        }
        w.Line("");
        w.Line($"Modes: descriptive {Percent(report.Modes.Descriptive)}, analytical {Percent(report.Modes.Analytical)}, evaluative {Percent(report.Modes.Evaluative)}");
        w.Line("Criteria coverage:");
        w.Line($"  personal performance       {Bar(report.Criteria.PersonalPerformance)} {Percent(report.Criteria.PersonalPerformance)}");
        w.Line($"  organisational context     {Bar(report.Criteria.OrganisationalContext)} {Percent(report.Criteria.OrganisationalContext)}");
        w.Line($"  wider professional context {Bar(report.Criteria.WiderProfessionalContext)} {Percent(report.Criteria.WiderProfessionalContext)}");
        w.Line($"Words: {report.WordCount:N0} of {options.WordLimit:N0} ({options.Route.ToString().ToLowerInvariant()}); {report.SentenceCount} sentences in {report.ParagraphCount} paragraphs; model {report.Model.Name} {report.Model.Version}");
        w.Line("");

        w.Line("Paragraphs ([D] descriptive, [A] analytical, [E] evaluative)");
        foreach (ParagraphReport paragraph in report.Paragraphs)
        {
            if (paragraph.Kind == ParagraphKind.Heading)
            {
                w.Line("");
                w.Line($"## {report.Sentences[paragraph.Sentences[0]].Text}");
                continue;
            }
            string heading = paragraph.HeadingCriterion is { } named ? $"; heading names {ReflectiveTaxonomy.ToName(named)}" : "";
            w.Line("");
            w.Line($"P{paragraph.Index + 1} {ReflectiveTaxonomy.ToName(paragraph.Mode)} (personal {paragraph.Criteria.PersonalPerformance:0.00}, organisational {paragraph.Criteria.OrganisationalContext:0.00}, wider {paragraph.Criteria.WiderProfessionalContext:0.00}{heading})");
            foreach (int index in paragraph.Sentences)
            {
                SentenceReport sentence = report.Sentences[index];
                w.Line($"  [{Marker(sentence.Mode)}] {index + 1,3} {ReflectiveTaxonomy.ToName(sentence.Category),-11} {sentence.Confidence:0.00}  {OneLine(sentence.Text)}");
            }
        }
        w.Line("");
        w.Line("Feedback");
        int n = 0;
        foreach (FeedbackItem item in report.Feedback)
        {
            string where = item.Paragraph is { } p ? $" (P{p + 1})" : "";
            w.Line($"  {++n}. {item.Text}{where}");
        }
    }

    private static char Marker(ReflectiveMode mode) => mode switch
    {
        ReflectiveMode.Descriptive => 'D',
        ReflectiveMode.Analytical => 'A',
        _ => 'E',
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(static l => l.Trim()));

    internal static string Bar(double share)
    {
        int filled = (int)Math.Round(Math.Clamp(share, 0, 1) * BarWidth, MidpointRounding.AwayFromZero);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Writes lines with invariant-culture formatting and \n line ends, so output is the same on every machine.</summary>
    private readonly struct Writer(TextWriter output)
    {
        public void Line(FormattableString text) => output.Write(text.ToString(CultureInfo.InvariantCulture) + "\n");

        public void Line(string text) => output.Write(text + "\n");
    }
}
