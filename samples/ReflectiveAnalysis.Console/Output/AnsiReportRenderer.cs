using System.Globalization;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>
/// Renders a report for a colour terminal with ANSI escapes: a depth gauge, a bar per criterion, each sentence tinted
/// by mode under a legend, the word count against the route's limit and the top feedback questions. Used only when
/// standard output is a terminal and NO_COLOR is not set; otherwise <see cref="TextReportRenderer"/> writes the plain
/// rendering with [D]/[A]/[E] markers.
/// </summary>
public static class AnsiReportRenderer
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Blue = "\u001b[34m";
    private const string Magenta = "\u001b[35m";
    private const string Cyan = "\u001b[36m";
    private const int BarWidth = 30;
    private const int TopFeedback = 5;

    /// <summary>The colour of a mode: descriptive yellow, analytical cyan, evaluative green.</summary>
    internal static string ColourOf(ReflectiveMode mode) => mode switch
    {
        ReflectiveMode.Descriptive => Yellow,
        ReflectiveMode.Analytical => Cyan,
        _ => Green,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Render(ReflectionReport report, ReflectionAnalyzerOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        void Line(string text) => output.Write(text + "\n");
        DepthAssessment depth = report.Depth;

        Line($"{Bold}Reflection depth{Reset}  level {depth.Level} of 3, {Bold}{depth.Label}{Reset} ({depth.Score.ToString(CultureInfo.InvariantCulture)}/100)");
        Line("  " + Gauge(depth.Level, depth.Score));
        foreach (string reason in depth.Rationale)
        {
            Line($"  {Dim}-{Reset} {Clean(reason)}");
        }
        Line("");

        Line($"{Bold}Modes{Reset}  {ModeBar(report.Modes)}");
        Line($"  {Yellow}\u25A0 descriptive {Percent(report.Modes.Descriptive)}{Reset}  {Cyan}\u25A0 analytical {Percent(report.Modes.Analytical)}{Reset}  {Green}\u25A0 evaluative {Percent(report.Modes.Evaluative)}{Reset}");
        Line("");
        Line($"{Bold}Criteria coverage{Reset}");
        Line($"  personal performance       {Bar(report.Criteria.PersonalPerformance, options.ThinCriterionShare)} {Percent(report.Criteria.PersonalPerformance),4}");
        Line($"  organisational context     {Bar(report.Criteria.OrganisationalContext, options.ThinCriterionShare)} {Percent(report.Criteria.OrganisationalContext),4}");
        Line($"  wider professional context {Bar(report.Criteria.WiderProfessionalContext, options.ThinCriterionShare)} {Percent(report.Criteria.WiderProfessionalContext),4}");
        string words = report.WordCount.ToString("N0", CultureInfo.InvariantCulture);
        string limit = options.WordLimit.ToString("N0", CultureInfo.InvariantCulture);
        string colour = report.WordCount > options.WordLimit ? Red : Green;
        Line($"{Bold}Words{Reset}  {colour}{words}{Reset} of {limit} ({options.Route.ToString().ToLowerInvariant()})  {Dim}model {Clean(report.Model.Name)} {Clean(report.Model.Version)}{Reset}");
        Line("");

        Line($"{Bold}Statement{Reset}  {Yellow}descriptive{Reset} \u00B7 {Cyan}analytical{Reset} \u00B7 {Green}evaluative{Reset}  {Dim}(evidence for the depth score underlined){Reset}");
        var evidence = new HashSet<int>(depth.Evidence);
        foreach (ParagraphReport paragraph in report.Paragraphs)
        {
            Line("");
            if (paragraph.Kind == ParagraphKind.Heading)
            {
                Line($"{Bold}{Magenta}{Clean(report.Sentences[paragraph.Sentences[0]].Text)}{Reset}");
                continue;
            }
            var text = new System.Text.StringBuilder($"{Dim}P{(paragraph.Index + 1).ToString(CultureInfo.InvariantCulture)}{Reset} ");
            foreach (int index in paragraph.Sentences)
            {
                SentenceReport sentence = report.Sentences[index];
                string underline = evidence.Contains(index) ? "\u001b[4m" : "";
                text.Append(ColourOf(sentence.Mode)).Append(underline).Append(Clean(sentence.Text)).Append(Reset).Append(' ');
            }
            Line(text.ToString().TrimEnd());
        }
        Line("");
        Line($"{Bold}Top questions{Reset}");
        int n = 0;
        foreach (FeedbackItem item in report.Feedback.Take(TopFeedback))
        {
            string where = item.Paragraph is { } p ? $" {Dim}(P{(p + 1).ToString(CultureInfo.InvariantCulture)}){Reset}" : "";
            Line($"  {Blue}{++n}.{Reset} {Clean(item.Text)}{where}");
        }
        if (report.Feedback.Length > TopFeedback)
        {
            Line($"  {Dim}... and {(report.Feedback.Length - TopFeedback).ToString(CultureInfo.InvariantCulture)} more (--format html or markdown lists them all){Reset}");
        }
    }

    private static string Gauge(int level, int score)
    {
        string[] colours = [Yellow, Yellow, Cyan, Green];
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i <= 3; i++)
        {
            builder.Append(i <= level ? colours[level] + "\u2588\u2588\u2588\u2588\u2588\u2588" : Dim + "\u2591\u2591\u2591\u2591\u2591\u2591").Append(Reset).Append(' ');
        }
        return builder.Append($"{score.ToString(CultureInfo.InvariantCulture)}/100").ToString();
    }

    private static string ModeBar(ModeShares modes)
    {
        int d = (int)Math.Round(modes.Descriptive * BarWidth);
        int a = (int)Math.Round(modes.Analytical * BarWidth);
        int e = Math.Max(0, BarWidth - d - a);
        if (modes.Descriptive + modes.Analytical + modes.Evaluative <= 0)
        {
            return Dim + new string('\u2591', BarWidth) + Reset;
        }
        return Yellow + new string('\u2588', d) + Cyan + new string('\u2588', a) + Green + new string('\u2588', e) + Reset;
    }

    private static string Bar(double share, double thin)
    {
        int filled = (int)Math.Round(Math.Clamp(share, 0, 1) * BarWidth, MidpointRounding.AwayFromZero);
        string colour = share < thin ? Red : share < 2 * thin ? Yellow : Green;
        return colour + new string('\u2588', filled) + Dim + new string('\u2591', BarWidth - filled) + Reset;
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>User text on one line with control characters removed, so input cannot send its own escape sequences.</summary>
    internal static string Clean(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
