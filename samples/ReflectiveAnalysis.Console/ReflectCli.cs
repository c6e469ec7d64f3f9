using System.CommandLine;
using ReflectiveAnalysis.Console.Commands;

namespace ReflectiveAnalysis.Console;

/// <summary>
/// The <c>reflect</c> command line. <see cref="Run(string[], TextReader, TextWriter, TextWriter)"/> takes its input and
/// output streams as arguments, so tests run every command in-process. Each command lives in <c>Commands/</c>, one
/// file per command.
/// </summary>
public static class ReflectCli
{
    internal const string Help =
        "reflect: says how reflective a piece of writing is (descriptive, analytical, evaluative), maps it to the " +
        "CILIP criteria, scores its depth and asks a mentor's questions.\n\n" +
        "Examples:\n" +
        "  reflect score samples/statements/reflective.txt\n" +
        "  reflect score statement.docx --format html -o report.html\n" +
        "  reflect score statement.md --format markdown --route revalidation\n" +
        "  cat statement.txt | reflect score - --json > report.json\n" +
        "  reflect compare draft1.docx draft2.docx\n" +
        "  reflect batch cohort/ --out results/          (or a pattern: 'cohort/*.pdf')\n" +
        "  reflect classify sentences.txt --unit sentence   (one record per line, JSONL with \"text\", or CEReD TSV)\n" +
        "  reflect evaluate --data ../shared/datasets/cered-en\n" +
        "  reflect train --out my.ramodel\n" +
        "  reflect agreement --first data/corpus/documents --second data/corpus/agreement/second-pass\n\n" +
        "Inputs: .txt, .md, .docx and .pdf by extension (--format-in overrides); at most 20 MB per file.\n" +
        "Exit codes: 0 ok, 1 analysis warnings with --strict (criterion gap, over the word limit), 2 usage error, " +
        "3 input error (missing, unreadable, malformed, encrypted, empty or too large input, or a bad model file; " +
        "for batch: any file failed).";

    /// <summary>Runs <c>reflect</c> with <paramref name="args"/> and returns the exit code (see <see cref="ExitCodes"/>). Text reports are never coloured.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) => Run(args, stdin, stdout, stderr, stdoutIsTerminal: false);

    /// <summary>
    /// Runs <c>reflect</c>; <paramref name="stdoutIsTerminal"/> says whether <paramref name="stdout"/> is a terminal,
    /// where a text report is coloured unless NO_COLOR is set or <c>--no-color</c> is given.
    /// </summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdin, stdout, stderr, stdoutIsTerminal);
        RootCommand root = BuildCommands(context);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error(error.Message);
            }
            stderr.WriteLine("Run 'reflect --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure no reader anticipated: still one line and exit 3, never a stack trace.
            context.Error($"unexpected error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Input;
        }
    }

    private static RootCommand BuildCommands(CliContext context)
    {
        var common = new CommonOptions();
        var root = new RootCommand(Help);
        root.Options.Add(common.Route);
        root.Options.Add(common.Model);
        root.Options.Add(common.Strict);
        root.Options.Add(common.FormatIn);
        root.Subcommands.Add(ScoreCommand.Create(context, common));
        root.Subcommands.Add(CompareCommand.Create(context, common));
        root.Subcommands.Add(BatchCommand.Create(context, common));
        root.Subcommands.Add(ClassifyCommand.Create(context, common));
        root.Subcommands.Add(EvaluateCommand.Create(context, common));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(AgreementCommand.Create(context));
        return root;
    }
}
