namespace ReflectiveAnalysis.Console.Commands;

/// <summary>The streams a command runs against, and whether standard output is a colour-capable terminal.</summary>
internal sealed record CliContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, bool StdoutIsTerminal)
{
    /// <summary>Writes a one-line error to stderr, prefixed "reflect: ".</summary>
    public void Error(string message) => Stderr.WriteLine("reflect: " + message);
}
