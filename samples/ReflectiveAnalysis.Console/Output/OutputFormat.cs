namespace ReflectiveAnalysis.Console.Output;

/// <summary>The report formats <c>reflect</c> writes.</summary>
public enum OutputFormat
{
    /// <summary>A terminal report: coloured on a terminal, plain with [D]/[A]/[E] markers otherwise.</summary>
    Text,

    /// <summary>The JSON contract (docs/report-schema.md).</summary>
    Json,

    /// <summary>Markdown for an e-portfolio, user text escaped.</summary>
    Markdown,

    /// <summary>One standalone HTML page (inline CSS and SVG).</summary>
    Html,
}
