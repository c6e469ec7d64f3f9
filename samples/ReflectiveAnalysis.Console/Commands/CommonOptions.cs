using System.CommandLine;
using ReflectiveAnalysis.Console.Input;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary>
/// The options every analysing command shares (<c>--route</c>, <c>--model</c>, <c>--strict</c>, <c>--format-in</c>;
/// recursive, so they go before or after the command name), and the helpers behind them. One instance per command
/// tree: System.CommandLine options are not shared between trees.
/// </summary>
internal sealed class CommonOptions
{
    public Option<RegistrationRoute> Route { get; } = new("--route")
    {
        Description = "The CILIP route, which sets the word limit: certification, chartership, fellowship or revalidation.",
        DefaultValueFactory = _ => RegistrationRoute.Chartership,
        Recursive = true,
    };

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "A model file to use instead of the embedded default.",
        Recursive = true,
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Exit 1 when the analysis raises warnings (a criterion gap, or more words than the route allows).",
        Recursive = true,
    };

    public Option<InputFormat?> FormatIn { get; } = new("--format-in")
    {
        Description = "Read the input as text, markdown, docx or pdf instead of going by its extension.",
        Recursive = true,
    };

    /// <summary>The <c>--format</c> option for a command's report.</summary>
    public static Option<OutputFormat> Format(string description) => new("--format", "-f")
    {
        Description = description,
        DefaultValueFactory = _ => OutputFormat.Text,
    };

    /// <summary><c>--json</c>, kept as an alias of <c>--format json</c>.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Same as --format json." };

    /// <summary><c>-o FILE</c>.</summary>
    public static Option<string?> OutputFile() => new("--output", "-o") { Description = "Write the report to FILE instead of standard output." };

    /// <summary><c>--no-color</c>.</summary>
    public static Option<bool> NoColor() => new("--no-color") { Description = "Plain text with [D]/[A]/[E] markers even on a terminal (as when NO_COLOR is set)." };

    /// <summary>The analyzer options from the command line; false (after a one-line error) when the model cannot be loaded.</summary>
    public bool TryGetOptions(ParseResult parse, CliContext context, out ReflectionAnalyzerOptions options)
    {
        options = ReflectionAnalyzerOptions.Default with { Route = parse.GetValue(Route) };
        string? modelPath = parse.GetValue(Model);
        if (modelPath is null)
        {
            return true;
        }
        try
        {
            options = options with { Model = ReflectionModel.Load(modelPath) };
            return true;
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            context.Error($"cannot load model {modelPath}: {e.Message}");
            return false;
        }
    }

    /// <summary>The report format from <c>--format</c> and <c>--json</c>; null (after a one-line error) when they disagree.</summary>
    public static OutputFormat? ResolveFormat(ParseResult parse, Option<OutputFormat> format, Option<bool> json, CliContext context)
    {
        bool jsonFlag = parse.GetValue(json);
        OutputFormat chosen = parse.GetValue(format);
        if (jsonFlag && parse.GetResult(format) is { Implicit: false } && chosen != OutputFormat.Json)
        {
            context.Error($"--json and --format {chosen.ToString().ToLowerInvariant()} disagree; give one of them");
            return null;
        }
        return jsonFlag ? OutputFormat.Json : chosen;
    }

    /// <summary>Whether a text report goes out in colour: only to a terminal, without -o, --no-color or NO_COLOR.</summary>
    public static bool UseColour(CliContext context, string? outputFile, bool noColor) =>
        context.StdoutIsTerminal && outputFile is null && !noColor && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>Writes <paramref name="render"/>'s output to -o FILE or standard output; false (after a one-line error) when the file cannot be written.</summary>
    public static bool TryWrite(string? outputFile, CliContext context, Action<TextWriter> render)
    {
        if (outputFile is null)
        {
            render(context.Stdout);
            return true;
        }
        try
        {
            using var writer = new StreamWriter(outputFile, false, new System.Text.UTF8Encoding(false));
            render(writer);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error($"cannot write {outputFile}: {e.Message}");
            return false;
        }
    }
}
