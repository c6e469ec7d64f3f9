using System.Globalization;
using System.Text;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>One statement's outcome in a batch: a report, or the one-line reason it could not be read.</summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Report">The report, or null when the file failed.</param>
/// <param name="Warnings">The analysis warnings (see <see cref="AnalysisWarnings"/>).</param>
/// <param name="Error">Why the file failed, or null.</param>
public sealed record CohortEntry(string File, ReflectionReport? Report, IReadOnlyList<string> Warnings, string? Error);

/// <summary>The cohort outputs of <c>reflect batch</c>: the CSV summary and the HTML page.</summary>
public static class CohortRenderer
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "file,status,words,depth_level,depth_label,score,descriptive,analytical,evaluative,personal_performance,organisational_context,wider_professional_context,warnings,error";

    /// <summary>Writes the CSV summary: one row per file, failed files with status "error" and the reason.</summary>
    public static void RenderCsv(IEnumerable<CohortEntry> entries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(CsvHeader + "\n");
        foreach (CohortEntry e in entries)
        {
            string file = Escape.Csv(Path.GetFileName(e.File));
            if (e.Report is not { } r)
            {
                output.Write($"{file},error,,,,,,,,,,,,{Escape.Csv(e.Error)}\n");
                continue;
            }
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"{file},ok,{r.WordCount},{r.Depth.Level},{r.Depth.Label},{r.Depth.Score},{r.Modes.Descriptive:0.000},{r.Modes.Analytical:0.000},{r.Modes.Evaluative:0.000},{r.Criteria.PersonalPerformance:0.000},{r.Criteria.OrganisationalContext:0.000},{r.Criteria.WiderProfessionalContext:0.000},{Escape.Csv(string.Join("; ", e.Warnings))},\n"));
        }
    }

    /// <summary>Writes the cohort page: a depth histogram, mean criteria coverage, and a table of statements.</summary>
    public static void RenderHtml(IReadOnlyList<CohortEntry> entries, ReflectionAnalyzerOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var ok = entries.Where(e => e.Report is not null).Select(e => e.Report!).ToList();
        var h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Cohort reflection report</title>\n<style>\n");
        h.Append(HtmlReportRenderer.Css).Append("\n</style>\n</head>\n<body>\n<header>\n<h1>Cohort reflection report</h1>\n");
        h.Append(Inv($"<p class=\"meta\">{entries.Count} statements, {ok.Count} analysed, {entries.Count - ok.Count} failed \u00B7 route {options.Route.ToString().ToLowerInvariant()} ({options.WordLimit:N0} words)</p>\n</header>\n"));
        h.Append("<section class=\"cards\" id=\"summary\">\n<div class=\"card\" id=\"histogram\">\n<h2>Depth levels</h2>\n").Append(Histogram(ok)).Append("</div>\n");
        var mean = ok.Count == 0
            ? new CriteriaScores(0, 0, 0)
            : new CriteriaScores(ok.Average(r => r.Criteria.PersonalPerformance), ok.Average(r => r.Criteria.OrganisationalContext), ok.Average(r => r.Criteria.WiderProfessionalContext));
        h.Append("<div class=\"card\" id=\"criteria\">\n<h2>Mean criteria coverage</h2>\n").Append(HtmlReportRenderer.CriteriaChart(mean, options.ThinCriterionShare)).Append("</div>\n</section>\n");
        h.Append("<section id=\"statements\">\n<h2>Statements</h2>\n<table>\n<thead><tr><th>file</th><th>words</th><th>depth</th><th>score</th><th>D / A / E</th><th>personal</th><th>organisational</th><th>wider</th><th>warnings</th></tr></thead>\n<tbody>\n");
        foreach (CohortEntry e in entries)
        {
            string name = Escape.Html(Path.GetFileName(e.File));
            if (e.Report is not { } r)
            {
                h.Append("<tr class=\"failed\"><td>").Append(name).Append("</td><td colspan=\"8\">failed: ").Append(Escape.Html(e.Error)).Append("</td></tr>\n");
                continue;
            }
            h.Append("<tr><td>").Append(name).Append("</td>")
                .Append(Inv($"<td class=\"num\">{r.WordCount:N0}</td><td>{r.Depth.Level} {r.Depth.Label}</td><td class=\"num\">{r.Depth.Score}</td><td>{r.Modes.Descriptive * 100:0} / {r.Modes.Analytical * 100:0} / {r.Modes.Evaluative * 100:0}%</td><td class=\"num\">{r.Criteria.PersonalPerformance * 100:0}%</td><td class=\"num\">{r.Criteria.OrganisationalContext * 100:0}%</td><td class=\"num\">{r.Criteria.WiderProfessionalContext * 100:0}%</td><td class=\"num\">{e.Warnings.Count}</td></tr>\n"));
        }
        h.Append("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
        output.Write(h.ToString());
    }

    private static string Histogram(IReadOnlyList<ReflectionReport> reports)
    {
        int[] counts = new int[4];
        foreach (ReflectionReport r in reports)
        {
            counts[Math.Clamp(r.Depth.Level, 0, 3)]++;
        }
        int max = Math.Max(1, counts.Max());
        string[] labels = ["0 descriptive", "1 descr. reflection", "2 dialogic", "3 critical"];
        string[] colours = ["#f4c542", "#e8a33d", "#3bb3c3", "#4caf50"];
        var svg = new StringBuilder(Inv($"<svg viewBox=\"0 0 340 170\" width=\"340\" height=\"170\" role=\"img\" aria-label=\"Depth histogram: {counts[0]}, {counts[1]}, {counts[2]}, {counts[3]} statements at levels 0-3\">"));
        for (int i = 0; i < 4; i++)
        {
            double height = 120.0 * counts[i] / max;
            svg.Append(Inv($"<rect class=\"bar\" x=\"{(i * 85) + 5}\" y=\"{130 - height:0.0}\" width=\"70\" height=\"{height:0.0}\" fill=\"{colours[i]}\"/><text x=\"{(i * 85) + 40}\" y=\"{Math.Max(12, 125 - height):0.0}\" text-anchor=\"middle\">{counts[i]}</text><text x=\"{(i * 85) + 40}\" y=\"148\" text-anchor=\"middle\">{labels[i]}</text>"));
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
