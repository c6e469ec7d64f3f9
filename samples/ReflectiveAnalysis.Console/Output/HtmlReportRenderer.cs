using System.Globalization;
using System.Text;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>
/// Renders a report as one standalone HTML page: inline CSS and SVG, no scripts and no external assets, so it works
/// offline, can be mailed as an attachment and prints well. The statement's sentences are highlighted by mode and
/// carry their category, confidence and cues as a hover (and focus) card; each paragraph's feedback sits beside it.
/// Every piece of input text goes through <see cref="Escape.Html"/>.
/// </summary>
public static class HtmlReportRenderer
{
    /// <summary>The page's stylesheet, shared with the cohort page.</summary>
    internal const string Css = """
        :root{--d:#f4c542;--a:#3bb3c3;--e:#4caf50;--ink:#1d2330;--mute:#5b6475;--line:#d9dde5}
        *{box-sizing:border-box}
        body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1.5rem}
        h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
        .meta{color:var(--mute);margin:0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
        .card{border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem}
        .legend span{display:inline-block;margin-right:1rem}.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:.2rem;vertical-align:-.1rem;margin-right:.3rem}
        .row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1.2rem;margin:.8rem 0;break-inside:avoid}
        .para p{margin:0}.pno{color:var(--mute);font-size:.8rem;margin-right:.3rem}
        .s{position:relative;border-radius:.2rem;padding:0 .1rem;outline:none}
        .mode-descriptive{background:#fcefc4}.mode-analytical{background:#cdeef2}.mode-evaluative{background:#d5efd6}
        .evidence{box-shadow:inset 0 -2px 0 var(--ink)}
        .tip{display:none;position:absolute;left:0;top:1.6em;z-index:5;min-width:16rem;max-width:26rem;background:#fff;border:1px solid var(--line);border-radius:.4rem;padding:.4rem .6rem;font-size:.85rem;box-shadow:0 4px 14px rgba(0,0,0,.12);white-space:normal}
        .s:hover .tip,.s:focus .tip{display:block}
        .tip .cat{font-weight:600;text-transform:capitalize}
        aside.fb{font-size:.9rem;color:var(--ink)}aside.fb ul{margin:0;padding-left:1.1rem}aside.fb li{margin-bottom:.4rem}
        .kind{font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);display:block}
        h3.heading{margin:1.4rem 0 .2rem}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left}th{font-weight:600}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
        @media (max-width:48rem){.row{grid-template-columns:1fr}}
        @media print{body{max-width:none;padding:0;font-size:11pt}.tip{display:none!important}.card,.row{break-inside:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """;

    /// <summary>Writes <paramref name="report"/> of a statement called <paramref name="title"/> to <paramref name="output"/>.</summary>
    public static void Render(ReflectionReport report, ReflectionAnalyzerOptions options, string title, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var h = new StringBuilder();
        DepthAssessment depth = report.Depth;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>Reflection report: ").Append(Escape.Html(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");
        h.Append("<header>\n<h1>Reflection report</h1>\n<p class=\"meta\" id=\"source\">").Append(Escape.Html(title)).Append(" \u00B7 ")
            .Append(Inv($"{report.WordCount:N0} of {options.WordLimit:N0} words ({options.Route.ToString().ToLowerInvariant()}) \u00B7 {report.SentenceCount} sentences \u00B7 {report.ParagraphCount} paragraphs \u00B7 model "))
            .Append(Escape.Html(report.Model.Name)).Append(' ').Append(Escape.Html(report.Model.Version)).Append("</p>\n</header>\n");

        h.Append("<section id=\"summary\" class=\"cards\">\n");
        h.Append("<div class=\"card\" id=\"depth\">\n<h2>Depth</h2>\n").Append(DepthGauge(depth));
        h.Append(Inv($"<p><strong>Level {depth.Level}: {depth.Label}</strong> ({depth.Score}/100)</p>\n<ul>\n"));
        foreach (string reason in depth.Rationale)
        {
            h.Append("<li>").Append(Escape.Html(reason)).Append("</li>\n");
        }
        h.Append("</ul>\n");
        if (depth.Evidence.Length > 0)
        {
            h.Append("<p>Evidence: ");
            h.AppendJoin(", ", depth.Evidence.Select(i => Inv($"<a href=\"#s{i + 1}\">sentence {i + 1}</a>")));
            h.Append("</p>\n");
        }
        h.Append("</div>\n");
        h.Append("<div class=\"card\" id=\"criteria\">\n<h2>Criteria coverage</h2>\n").Append(CriteriaChart(report.Criteria, options.ThinCriterionShare)).Append("</div>\n");
        h.Append("<div class=\"card\" id=\"modes\">\n<h2>Modes</h2>\n").Append(ModeChart(report.Modes)).Append(Legend()).Append("</div>\n");
        h.Append("</section>\n");

        var evidence = new HashSet<int>(depth.Evidence);
        var byParagraph = report.Feedback.Where(f => f.Paragraph is not null).ToLookup(f => f.Paragraph!.Value);
        h.Append("<section id=\"statement\">\n<h2>The statement, sentence by sentence</h2>\n").Append(Legend())
            .Append("<p class=\"meta\">Hover over or tab to a sentence for its category, confidence and cues; underlined sentences earned the depth score.</p>\n");
        foreach (ParagraphReport paragraph in report.Paragraphs)
        {
            if (paragraph.Kind == ParagraphKind.Heading)
            {
                int s = paragraph.Sentences[0];
                h.Append(Inv($"<h3 class=\"heading\" id=\"p{paragraph.Index + 1}\">")).Append(Escape.Html(report.Sentences[s].Text.Trim())).Append("</h3>\n");
                continue;
            }
            h.Append(Inv($"<div class=\"row\">\n<div class=\"para mode-{ReflectiveTaxonomy.ToName(paragraph.Mode)}-para\" id=\"p{paragraph.Index + 1}\"><p><span class=\"pno\">P{paragraph.Index + 1}</span>"));
            foreach (int index in paragraph.Sentences)
            {
                AppendSentence(h, report.Sentences[index], evidence.Contains(index));
                h.Append(' ');
            }
            h.Append("</p></div>\n<aside class=\"fb\">");
            var items = byParagraph[paragraph.Index].ToList();
            if (items.Count > 0)
            {
                h.Append("<ul>");
                foreach (FeedbackItem item in items)
                {
                    AppendFeedback(h, item);
                }
                h.Append("</ul>");
            }
            h.Append("</aside>\n</div>\n");
        }
        h.Append("</section>\n");

        h.Append("<section id=\"feedback\">\n<h2>Feedback on the whole statement</h2>\n<ul>\n");
        foreach (FeedbackItem item in report.Feedback.Where(f => f.Paragraph is null))
        {
            AppendFeedback(h, item);
        }
        h.Append("</ul>\n</section>\n</body>\n</html>\n");
        output.Write(h.ToString());
    }

    private static void AppendSentence(StringBuilder h, SentenceReport sentence, bool isEvidence)
    {
        string mode = ReflectiveTaxonomy.ToName(sentence.Mode);
        string category = ReflectiveTaxonomy.ToName(sentence.Category);
        string cues = sentence.Cues.Length == 0 ? "none" : string.Join(", ", sentence.Cues.Select(c => $"{c.Cue} ({c.Signal})"));
        string summary = Inv($"{category}, {mode}, confidence {sentence.Confidence:0.00}; cues: {cues}");
        h.Append(Inv($"<span class=\"s mode-{mode} cat-{category}{(isEvidence ? " evidence" : "")}\" id=\"s{sentence.Index + 1}\" tabindex=\"0\" title=\"")).Append(Escape.Html(summary)).Append("\">")
            .Append(Escape.Html(sentence.Text.Trim()))
            .Append(Inv($"<span class=\"tip\" role=\"tooltip\"><span class=\"cat\">{category}</span> \u00B7 {mode} \u00B7 confidence {sentence.Confidence:0.00}<br>cues: ")).Append(Escape.Html(cues)).Append("</span></span>");
    }

    private static void AppendFeedback(StringBuilder h, FeedbackItem item)
    {
        h.Append("<li><span class=\"kind\">").Append(Escape.Html(KindName(item.Kind))).Append("</span>").Append(Escape.Html(item.Text));
        if (item.Sentence is { } s)
        {
            h.Append(Inv($" <a href=\"#s{s + 1}\">(sentence {s + 1})</a>"));
        }
        h.Append("</li>\n");
    }

    internal static string KindName(FeedbackKind kind) => kind switch
    {
        FeedbackKind.NothingToAnalyse => "nothing to analyse",
        FeedbackKind.SoWhat => "so what?",
        FeedbackKind.NowWhat => "now what?",
        FeedbackKind.Perspective => "perspective",
        FeedbackKind.CriterionGap => "criterion gap",
        FeedbackKind.Praise => "what works",
        FeedbackKind.Feeling => "feeling",
        FeedbackKind.WordCount => "word count",
        FeedbackKind.Evidence => "evidence",
        _ => kind.ToString(),
    };

    private static string Legend() =>
        "<p class=\"legend\"><span><i class=\"sw\" style=\"background:#fcefc4\"></i>descriptive: what happened</span><span><i class=\"sw\" style=\"background:#cdeef2\"></i>analytical: why, how, whose view</span><span><i class=\"sw\" style=\"background:#d5efd6\"></i>evaluative: what changed, what next</span></p>\n";

    private static string DepthGauge(DepthAssessment depth)
    {
        var svg = new StringBuilder("<svg viewBox=\"0 0 320 84\" width=\"320\" height=\"84\" role=\"img\" aria-label=\"");
        svg.Append(Inv($"Depth level {depth.Level} of 3, score {depth.Score} of 100\">"));
        // Two short lines per band so the four Hatton & Smith labels fit their 76-pixel columns without overlapping.
        (string First, string Second)[] labels = [("descriptive", "writing"), ("descriptive", "reflection"), ("dialogic", "reflection"), ("critical", "reflection")];
        string[] colours = ["#f4c542", "#e8a33d", "#3bb3c3", "#4caf50"];
        for (int i = 0; i < 4; i++)
        {
            string fill = i <= depth.Level ? colours[depth.Level] : "#eceff3";
            svg.Append(Inv($"<rect x=\"{i * 80}\" y=\"8\" width=\"76\" height=\"22\" rx=\"4\" fill=\"{fill}\"/><text x=\"{i * 80 + 38}\" y=\"44\" text-anchor=\"middle\" font-size=\"11\">{labels[i].First}<tspan x=\"{i * 80 + 38}\" dy=\"12\">{labels[i].Second}</tspan></text>"));
        }
        double x = Math.Clamp(depth.Score, 0, 100) * 3.16;
        svg.Append(Inv($"<path d=\"M{x:0.0} 2 l5 -2 l0 0 l-5 6 l-5 -6 z\" fill=\"#1d2330\"/><text x=\"{Math.Clamp(x, 20, 300):0.0}\" y=\"80\" text-anchor=\"middle\">{depth.Score}/100</text></svg>\n"));
        return svg.ToString();
    }

    /// <summary>A horizontal bar chart of the three criteria's coverage, with the thin-coverage threshold marked.</summary>
    internal static string CriteriaChart(CriteriaScores criteria, double thin)
    {
        var svg = new StringBuilder("<svg viewBox=\"0 0 340 110\" width=\"340\" height=\"110\" role=\"img\" aria-label=\"Criteria coverage\">");
        (string Name, double Value)[] rows = [("personal performance", criteria.PersonalPerformance), ("organisational context", criteria.OrganisationalContext), ("wider professional", criteria.WiderProfessionalContext)];
        for (int i = 0; i < rows.Length; i++)
        {
            double v = Math.Clamp(rows[i].Value, 0, 1);
            string fill = v < thin ? "#d9534f" : v < 2 * thin ? "#f4c542" : "#4caf50";
            int y = 8 + (i * 32);
            svg.Append(Inv($"<text x=\"0\" y=\"{y + 14}\">{rows[i].Name}</text><rect x=\"140\" y=\"{y}\" width=\"160\" height=\"20\" fill=\"#eceff3\"/><rect x=\"140\" y=\"{y}\" width=\"{v * 160:0.0}\" height=\"20\" fill=\"{fill}\"/><text x=\"306\" y=\"{y + 14}\">{v * 100:0}%</text>"));
        }
        double t = 140 + (Math.Clamp(thin, 0, 1) * 160);
        svg.Append(Inv($"<line x1=\"{t:0.0}\" y1=\"2\" x2=\"{t:0.0}\" y2=\"102\" stroke=\"#1d2330\" stroke-dasharray=\"3 3\"/><text x=\"{t + 3:0.0}\" y=\"108\">thin</text></svg>\n"));
        return svg.ToString();
    }

    private static string ModeChart(ModeShares modes)
    {
        double d = Math.Clamp(modes.Descriptive, 0, 1) * 300, a = Math.Clamp(modes.Analytical, 0, 1) * 300, e = Math.Clamp(modes.Evaluative, 0, 1) * 300;
        return Inv($"<svg viewBox=\"0 0 300 44\" width=\"300\" height=\"44\" role=\"img\" aria-label=\"Modes: descriptive {modes.Descriptive * 100:0}%, analytical {modes.Analytical * 100:0}%, evaluative {modes.Evaluative * 100:0}%\"><rect x=\"0\" y=\"0\" width=\"{d:0.0}\" height=\"22\" fill=\"#f4c542\"/><rect x=\"{d:0.0}\" y=\"0\" width=\"{a:0.0}\" height=\"22\" fill=\"#3bb3c3\"/><rect x=\"{d + a:0.0}\" y=\"0\" width=\"{e:0.0}\" height=\"22\" fill=\"#4caf50\"/><text x=\"0\" y=\"38\">D {modes.Descriptive * 100:0}%  A {modes.Analytical * 100:0}%  E {modes.Evaluative * 100:0}%</text></svg>\n");
    }

    internal static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
