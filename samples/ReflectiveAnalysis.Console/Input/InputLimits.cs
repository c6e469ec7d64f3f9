namespace ReflectiveAnalysis.Console.Input;

/// <summary>
/// Bounds on what the document readers accept. Statements arrive as files people send each other, so every reader is
/// bounded in bytes read, bytes decompressed, nesting and time. The defaults are documented in the README.
/// </summary>
public sealed record InputLimits
{
    /// <summary>The defaults.</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>Largest input file, in bytes. Default 20 MB.</summary>
    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Most bytes all entries of a .docx may decompress to together (counted while decompressing, not taken from the zip headers). Default 50 MB.</summary>
    public long MaxDocxUncompressedBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Highest ratio of decompressed to compressed size for a .docx entry larger than <see cref="RatioCheckFloorBytes"/>. Default 100.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Entries that decompress to less than this are not ratio-checked (tiny XML parts compress very well). Default 1 MB.</summary>
    public long RatioCheckFloorBytes { get; init; } = 1024 * 1024;

    /// <summary>Most entries in a .docx. Default 2,000.</summary>
    public int MaxDocxEntries { get; init; } = 2_000;

    /// <summary>Deepest XML element nesting in a .docx part, and deepest Markdown block nesting. Default 128.</summary>
    public int MaxNestingDepth { get; init; } = 128;

    /// <summary>Most pages read from a PDF. Default 500.</summary>
    public int MaxPdfPages { get; init; } = 500;

    /// <summary>Longest time one document may take to read. Default 30 seconds.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest extracted text, in characters; the analyzer's <see cref="ReflectionAnalyzerOptions.MaxInputLength"/> by default.</summary>
    public int MaxTextLength { get; init; } = ReflectionAnalyzerOptions.Default.MaxInputLength;
}
