namespace ReflectiveAnalysis.Console.Input;

/// <summary>The kinds of document <c>reflect</c> reads.</summary>
public enum InputFormat
{
    /// <summary>Plain UTF-8 text.</summary>
    Text,

    /// <summary>Markdown (CommonMark), turned into plain text with headings and list items kept.</summary>
    Markdown,

    /// <summary>A Word .docx document.</summary>
    Docx,

    /// <summary>A PDF with a text layer.</summary>
    Pdf,
}
