namespace ReflectiveAnalysis.Console.Output;

/// <summary>The analysis warnings that <c>--strict</c> turns into exit code 1: criterion gaps and a word count over the route's limit.</summary>
public static class AnalysisWarnings
{
    /// <summary>One short line per warning, in report order.</summary>
    public static IReadOnlyList<string> For(ReflectionReport report, ReflectionAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        foreach (FeedbackItem item in report.Feedback)
        {
            if (item.Kind == FeedbackKind.CriterionGap)
            {
                warnings.Add("criterion gap: " + item.Text);
            }
        }
        if (report.WordCount > options.WordLimit)
        {
            warnings.Add($"{report.WordCount} words, over the {options.Route.ToString().ToLowerInvariant()} limit of {options.WordLimit}");
        }
        return warnings;
    }
}
