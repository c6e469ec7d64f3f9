using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace ReflectiveAnalysis.Console.Input;

/// <summary>
/// Extracts the text layer of a PDF, page by page in content order. A PDF whose pages carry no text (a scan) is an
/// error that says so: <c>reflect</c> does no OCR.
/// </summary>
public static class PdfText
{
    /// <summary>Extracts the text of the PDF in <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InputException">The file is not a readable PDF, is encrypted, has no text layer, or breaks a limit.</exception>
    public static string Extract(byte[] bytes, string name, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) < 0)
        {
            throw new InputException($"{name}: not a PDF (no %PDF- header)");
        }
        try
        {
            using PdfDocument document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = false, MaxStackDepth = limits.MaxNestingDepth, SkipMissingFonts = true });
            if (document.NumberOfPages > limits.MaxPdfPages)
            {
                throw new InputException($"{name}: the PDF has {document.NumberOfPages:N0} pages; the limit is {limits.MaxPdfPages:N0}");
            }
            var output = new StringBuilder();
            int images = 0;
            foreach (Page page in document.GetPages())
            {
                string text = ContentOrderTextExtractor.GetText(page, true);
                images += page.NumberOfImages;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    output.Append(text.Trim()).Append("\n\n");
                }
                if (output.Length > limits.MaxTextLength)
                {
                    throw new InputException($"{name}: the text is over the {limits.MaxTextLength:N0}-character limit");
                }
            }
            if (string.IsNullOrWhiteSpace(output.ToString()))
            {
                throw new InputException(images > 0
                    ? $"{name}: the PDF has no text layer (a scanned document?); run it through OCR or export the text first"
                    : $"{name}: the PDF has no text");
            }
            return output.ToString().TrimEnd() + "\n";
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new InputException($"{name}: the PDF is encrypted; save an unprotected copy first", e);
        }
        catch (InputException)
        {
            throw;
        }
        catch (Exception e) when (e is PdfDocumentFormatException or PdfDocumentStackDepthException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or InvalidCastException or NullReferenceException or KeyNotFoundException or IOException or FormatException or OverflowException or NotSupportedException or InvalidDataException)
        {
            throw new InputException($"{name}: not a readable PDF ({FirstLine(e.Message)})", e);
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
