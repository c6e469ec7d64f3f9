using Microsoft.Extensions.Options;

namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// Checks <see cref="ReflectiveAnalysisOptions"/> at start-up with the core's own
/// <see cref="ReflectionAnalyzerOptions.Validate"/>, and that <see cref="ReflectiveAnalysisOptions.ModelPath"/>
/// names a file, so a bad configuration stops the host with a message naming the setting.
/// </summary>
internal sealed class ReflectiveAnalysisOptionsValidator : IValidateOptions<ReflectiveAnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, ReflectiveAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            options.ToAnalyzerOptions().Validate();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            failures.Add($"{ReflectiveAnalysisOptions.SectionName}: {e.Message}");
        }
        if (!string.IsNullOrEmpty(options.ModelPath) && !File.Exists(options.ModelPath))
        {
            failures.Add($"{ReflectiveAnalysisOptions.SectionName}:{nameof(ReflectiveAnalysisOptions.ModelPath)} '{options.ModelPath}' is not a file (looked for {Path.GetFullPath(options.ModelPath)}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
