using System.CommandLine;

namespace ReflectiveAnalysis.Console;

/// <summary><c>reflect score FILE|-</c>: analyse one statement and print the report.</summary>
internal static class ScoreCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("input") { Description = "The statement: a UTF-8 text file, or - for standard input." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the schemaVersion 1 contract) and nothing else." };
        var route = new Option<RegistrationRoute>("--route")
        {
            Description = "The CILIP route, which sets the word limit: certification, chartership, fellowship or revalidation.",
            DefaultValueFactory = _ => RegistrationRoute.Chartership,
        };
        var model = new Option<string?>("--model") { Description = "A model file to use instead of the embedded default." };

        var command = new Command("score", "Score a statement: depth, modes, criteria, each paragraph's sentences by mode, and feedback.")
        {
            input,
            json,
            route,
            model,
        };
        command.SetAction(parse =>
        {
            if (!ReflectCli.TryReadInput(parse.GetValue(input)!, stdin, stderr, out string text))
            {
                return ExitCodes.Input;
            }
            var options = ReflectionAnalyzerOptions.Default with { Route = parse.GetValue(route) };
            string? modelPath = parse.GetValue(model);
            if (modelPath is not null)
            {
                try
                {
                    options = options with { Model = ReflectionModel.Load(modelPath) };
                }
                catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"reflect: cannot load model {modelPath}: {e.Message}");
                    return ExitCodes.Input;
                }
            }

            ReflectionReport report;
            try
            {
                report = new ReflectionAnalyzer(options).Analyze(text);
            }
            catch (InputTooLongException e)
            {
                stderr.WriteLine($"reflect: {e.Message}");
                return ExitCodes.Input;
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(report.ToJson());
            }
            else
            {
                TextReportRenderer.Render(report, options, stdout);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
