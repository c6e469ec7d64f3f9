using System.CommandLine;
using ReflectiveAnalysis.Console.Input;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect score FILE|-</c>: analyse one statement and write the report.</summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context, CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "The statement: a .txt, .md, .docx or .pdf file, or - for standard input (text or markdown)." };
        Option<OutputFormat> format = CommonOptions.Format("The report format: text (coloured on a terminal), json (the schemaVersion 1 contract), markdown or html.");
        Option<bool> json = CommonOptions.Json();
        Option<string?> output = CommonOptions.OutputFile();
        Option<bool> noColor = CommonOptions.NoColor();
        Option<string> tier = TrainCommand.Tier();

        var command = new Command("score", "Score a statement: depth, modes, criteria, each paragraph's sentences by mode, and feedback.")
        {
            input,
            format,
            json,
            output,
            noColor,
            tier,
        };
        command.SetAction(parse =>
        {
            if (CommonOptions.ResolveFormat(parse, format, json, context) is not { } chosen)
            {
                return ExitCodes.Usage;
            }
            if (!common.TryGetOptions(parse, context, out ReflectionAnalyzerOptions options))
            {
                return ExitCodes.Input;
            }
            if (!TrainCommand.TryApplyTier(parse.GetValue(tier), context, ref options))
            {
                return ExitCodes.Usage;
            }
            string path = parse.GetValue(input)!;
            ReflectionReport report;
            try
            {
                string text = DocumentReader.Read(path, parse.GetValue(common.FormatIn), context.Stdin, InputLimits.Default with { MaxTextLength = options.MaxInputLength });
                report = new ReflectionAnalyzer(options).Analyze(text);
            }
            catch (InputException e)
            {
                context.Error(e.Message);
                return ExitCodes.Input;
            }
            catch (InputTooLongException e)
            {
                context.Error(e.Message);
                return ExitCodes.Input;
            }

            string? outputFile = parse.GetValue(output);
            string title = path == "-" ? "standard input" : Path.GetFileName(path);
            bool colour = CommonOptions.UseColour(context, outputFile, parse.GetValue(noColor));
            bool written = CommonOptions.TryWrite(outputFile, context, writer =>
            {
                switch (chosen)
                {
                    case OutputFormat.Json:
                        writer.Write(report.ToJson() + "\n");
                        break;
                    case OutputFormat.Markdown:
                        MarkdownReportRenderer.Render(report, options, title, writer);
                        break;
                    case OutputFormat.Html:
                        HtmlReportRenderer.Render(report, options, title, writer);
                        break;
                    case OutputFormat.Text when colour:
                        AnsiReportRenderer.Render(report, options, writer);
                        break;
                    default:
                        TextReportRenderer.Render(report, options, writer);
                        break;
                }
            });
            if (!written)
            {
                return ExitCodes.Input;
            }
            IReadOnlyList<string> warnings = AnalysisWarnings.For(report, options);
            if (parse.GetValue(common.Strict) && warnings.Count > 0)
            {
                foreach (string warning in warnings)
                {
                    context.Stderr.WriteLine("reflect: warning: " + warning);
                }
                return ExitCodes.Warnings;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
