using System.Globalization;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>
/// Renders a report as Markdown for pasting into an e-portfolio: the depth with its rationale and evidence, modes and
/// criteria as tables, each paragraph's sentences tagged by mode, and the feedback under the paragraph it is about.
/// Every piece of input text goes through <see cref="Escape.Markdown"/>, so it renders literally.
/// </summary>
public static class MarkdownReportRenderer
{
    /// <summary>Writes <paramref name="report"/> of a statement called <paramref name="title"/> to <paramref name="output"/>.</summary>
    public static void Render(ReflectionReport report, ReflectionAnalyzerOptions options, string title, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        void Line(string text) => output.Write(text + "\n");
        DepthAssessment depth = report.Depth;

        Line("# Reflection report: " + Escape.Markdown(title));
        Line("");
        Line(Inv($"**Depth:** level {depth.Level} of 3, {depth.Label} ({depth.Score}/100)  "));
        Line(Inv($"**Words:** {report.WordCount:N0} of {options.WordLimit:N0} ({options.Route.ToString().ToLowerInvariant()}); {report.SentenceCount} sentences in {report.ParagraphCount} paragraphs; model ") + Escape.Markdown(report.Model.Name + " " + report.Model.Version));
        Line("");
        foreach (string reason in depth.Rationale)
        {
            Line("- " + Escape.Markdown(reason));
        }
        if (depth.Evidence.Length > 0)
        {
            Line("");
            Line("Evidence for the score: sentences " + string.Join(", ", depth.Evidence.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture))) + ".");
        }
        Line("");
        Line("| mode | share | criterion | coverage |");
        Line("| --- | ---: | --- | ---: |");
        Line($"| descriptive | {Percent(report.Modes.Descriptive)} | personal performance | {Percent(report.Criteria.PersonalPerformance)} |");
        Line($"| analytical | {Percent(report.Modes.Analytical)} | organisational context | {Percent(report.Criteria.OrganisationalContext)} |");
        Line($"| evaluative | {Percent(report.Modes.Evaluative)} | wider professional context | {Percent(report.Criteria.WiderProfessionalContext)} |");
        Line("");
        Line("## The statement");
        Line("");
        Line("Each sentence is tagged `D` descriptive, `A` analytical or `E` evaluative, with its category.");
        var byParagraph = report.Feedback.Where(f => f.Paragraph is not null).ToLookup(f => f.Paragraph!.Value);
        foreach (ParagraphReport paragraph in report.Paragraphs)
        {
            Line("");
            if (paragraph.Kind == ParagraphKind.Heading)
            {
                Line("### " + Escape.Markdown(report.Sentences[paragraph.Sentences[0]].Text.Trim()));
                continue;
            }
            Line(Inv($"**P{paragraph.Index + 1}** ({ReflectiveTaxonomy.ToName(paragraph.Mode)})"));
            Line("");
            foreach (int index in paragraph.Sentences)
            {
                SentenceReport sentence = report.Sentences[index];
                Line(Inv($"- `{char.ToUpperInvariant(ReflectiveTaxonomy.ToName(sentence.Mode)[0])}` *{ReflectiveTaxonomy.ToName(sentence.Category)}*: ") + Escape.Markdown(sentence.Text.Trim()));
            }
            foreach (FeedbackItem item in byParagraph[paragraph.Index])
            {
                Line("");
                Line("> **" + HtmlReportRenderer.KindName(item.Kind) + "** " + Escape.Markdown(item.Text));
            }
        }
        Line("");
        Line("## Feedback on the whole statement");
        Line("");
        int n = 0;
        foreach (FeedbackItem item in report.Feedback.Where(f => f.Paragraph is null))
        {
            Line(Inv($"{++n}. **{HtmlReportRenderer.KindName(item.Kind)}** ") + Escape.Markdown(item.Text));
        }
        if (n == 0)
        {
            Line("None.");
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
