using System.CommandLine;
using System.Text;

namespace ReflectiveAnalysis.Console;

/// <summary>
/// The <c>reflect</c> command line. <see cref="Run"/> takes its input and output streams as arguments, so tests
/// run every command in-process.
/// </summary>
public static class ReflectCli
{
    /// <summary>Runs <c>reflect</c> with <paramref name="args"/> and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        RootCommand root = BuildCommands(stdin, stdout, stderr);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"reflect: {error.Message}");
            }
            stderr.WriteLine("Run 'reflect --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static RootCommand BuildCommands(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "reflect: says how reflective a piece of writing is (descriptive, analytical, evaluative), maps it to the " +
            "CILIP criteria, scores its depth and asks a mentor's questions.\n\n" +
            "Examples:\n" +
            "  reflect score samples/statements/reflective.txt\n" +
            "  reflect score statement.txt --json > report.json\n" +
            "  cat statement.txt | reflect score - --route revalidation\n\n" +
            "Exit codes: 0 ok, 1 analysis warnings with --strict, 2 usage error, 3 input error.");
        root.Subcommands.Add(ScoreCommand.Create(stdin, stdout, stderr));
        return root;
    }

    /// <summary>Reads a whole input file, or standard input for "-".</summary>
    internal static bool TryReadInput(string path, TextReader stdin, TextWriter stderr, out string text)
    {
        text = "";
        try
        {
            if (path == "-")
            {
                text = stdin.ReadToEnd();
            }
            else if (!File.Exists(path))
            {
                stderr.WriteLine($"reflect: file not found: {path}");
                return false;
            }
            else
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"reflect: cannot read {path}: {e.Message}");
            return false;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            stderr.WriteLine($"reflect: the input is empty: {(path == "-" ? "standard input" : path)}");
            return false;
        }
        return true;
    }
}
