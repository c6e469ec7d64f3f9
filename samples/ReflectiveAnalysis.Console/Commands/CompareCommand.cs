using System.CommandLine;
using ReflectiveAnalysis.Console.Comparison;
using ReflectiveAnalysis.Console.Input;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect compare OLD NEW</c>: what changed between two drafts.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context, CommonOptions common)
    {
        var oldInput = new Argument<string>("old") { Description = "The earlier draft (.txt, .md, .docx or .pdf)." };
        var newInput = new Argument<string>("new") { Description = "The later draft." };
        Option<OutputFormat> format = CommonOptions.Format("The comparison format: text, json or markdown.");
        Option<bool> json = CommonOptions.Json();
        Option<string?> output = CommonOptions.OutputFile();

        var command = new Command("compare", "Compare two drafts: depth and criteria before and after, paragraphs that moved from descriptive to analytical or evaluative, new and resolved gaps.")
        {
            oldInput,
            newInput,
            format,
            json,
            output,
        };
        command.SetAction(parse =>
        {
            if (CommonOptions.ResolveFormat(parse, format, json, context) is not { } chosen)
            {
                return ExitCodes.Usage;
            }
            if (chosen == OutputFormat.Html)
            {
                context.Error("compare writes text, json or markdown");
                return ExitCodes.Usage;
            }
            if (!common.TryGetOptions(parse, context, out ReflectionAnalyzerOptions options))
            {
                return ExitCodes.Input;
            }
            string oldPath = parse.GetValue(oldInput)!, newPath = parse.GetValue(newInput)!;
            if (oldPath == "-" && newPath == "-")
            {
                context.Error("only one of the drafts can come from standard input");
                return ExitCodes.Usage;
            }
            var analyzer = new ReflectionAnalyzer(options);
            InputLimits limits = InputLimits.Default with { MaxTextLength = options.MaxInputLength };
            DraftComparison comparison;
            try
            {
                ReflectionReport before = analyzer.Analyze(DocumentReader.Read(oldPath, parse.GetValue(common.FormatIn), context.Stdin, limits));
                ReflectionReport after = analyzer.Analyze(DocumentReader.Read(newPath, parse.GetValue(common.FormatIn), context.Stdin, limits));
                comparison = DraftComparer.Compare(before, after);
            }
            catch (Exception e) when (e is InputException or InputTooLongException)
            {
                context.Error(e.Message);
                return ExitCodes.Input;
            }
            string oldName = oldPath == "-" ? "standard input" : Path.GetFileName(oldPath);
            string newName = newPath == "-" ? "standard input" : Path.GetFileName(newPath);
            bool written = CommonOptions.TryWrite(parse.GetValue(output), context, writer =>
            {
                switch (chosen)
                {
                    case OutputFormat.Json:
                        ComparisonRenderer.RenderJson(comparison, oldName, newName, writer);
                        break;
                    case OutputFormat.Markdown:
                        ComparisonRenderer.RenderMarkdown(comparison, oldName, newName, writer);
                        break;
                    default:
                        ComparisonRenderer.RenderText(comparison, oldName, newName, writer);
                        break;
                }
            });
            if (!written)
            {
                return ExitCodes.Input;
            }
            bool warnings = AnalysisWarnings.For(comparison.New, options).Count > 0;
            return parse.GetValue(common.Strict) && warnings ? ExitCodes.Warnings : ExitCodes.Ok;
        });
        return command;
    }
}
