using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace ReflectiveAnalysis.Console.Input;

/// <summary>
/// Extracts the text of a Word .docx: body paragraphs, headings (a Heading or Title style puts the paragraph on its
/// own line), list paragraphs as "- item" lines and table rows as "cell | cell" lines. Comments, tracked deletions,
/// moved-from text, field codes, headers and footers are ignored.
/// </summary>
/// <remarks>
/// A .docx is a zip that may have come from anyone: before the Open XML SDK sees it, every entry is decompressed
/// through a counter that stops at <see cref="InputLimits.MaxDocxUncompressedBytes"/> in total or at a compression
/// ratio above <see cref="InputLimits.MaxCompressionRatio"/> (a zip bomb is caught by what it actually inflates to, not
/// by the sizes its headers claim). The XML is streamed with <see cref="XmlReader"/> (no DTDs, no recursion) and an
/// element nesting limit.
/// </remarks>
public static class DocxText
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>Extracts the text of the .docx in <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InputException">The file is not a readable .docx, is encrypted, or breaks a limit.</exception>
    public static string Extract(byte[] bytes, string name, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        CheckZip(bytes, name, limits);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = limits.MaxDocxUncompressedBytes });
            MainDocumentPart main = document.MainDocumentPart ?? throw new InputException($"{name}: the .docx has no document body");
            Dictionary<string, string> styles = main.StyleDefinitionsPart is { } stylePart ? ReadStyleNames(stylePart, limits) : [];
            using Stream body = main.GetStream(FileMode.Open, FileAccess.Read);
            return ReadBody(body, styles, name, limits);
        }
        catch (InputException)
        {
            throw;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or IOException or InvalidOperationException or NotSupportedException or FileFormatException or ArgumentException)
        {
            throw new InputException($"{name}: not a readable .docx ({FirstLine(e.Message)})", e);
        }
    }

    private static void CheckZip(byte[] bytes, string name, InputLimits limits)
    {
        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            throw new InputException($"{name}: the document is encrypted (password-protected) or an old binary .doc; save it as an unprotected .docx");
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxDocxEntries)
            {
                throw new InputException($"{name}: the .docx has {zip.Entries.Count:N0} parts; the limit is {limits.MaxDocxEntries:N0}");
            }
            long total = 0;
            byte[] buffer = new byte[81920];
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > limits.MaxDocxUncompressedBytes)
                {
                    throw Bomb(name, limits);
                }
                long inflated = 0;
                using Stream content = entry.Open();
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += read;
                    total += read;
                    if (total > limits.MaxDocxUncompressedBytes)
                    {
                        throw Bomb(name, limits);
                    }
                    if (inflated > limits.RatioCheckFloorBytes && inflated > limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    {
                        throw new InputException($"{name}: a part of the .docx expands more than {limits.MaxCompressionRatio:0}:1 (zip bomb?); refused");
                    }
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{name}: not a .docx (not a valid zip: {FirstLine(e.Message)})", e);
        }
    }

    private static InputException Bomb(string name, InputLimits limits) =>
        new($"{name}: the .docx decompresses to more than {limits.MaxDocxUncompressedBytes / (1024 * 1024)} MB (zip bomb?); refused");

    private static XmlReaderSettings Settings(InputLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = limits.MaxDocxUncompressedBytes,
        CloseInput = false,
    };

    /// <summary>Style id to style name ("Heading1" to "heading 1").</summary>
    private static Dictionary<string, string> ReadStyleNames(StyleDefinitionsPart part, InputLimits limits)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using Stream stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(stream, Settings(limits));
        string? styleId = null;
        while (reader.Read())
        {
            CheckDepth(reader, limits);
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != W)
            {
                continue;
            }
            if (reader.LocalName == "style")
            {
                styleId = reader.GetAttribute("styleId", W);
            }
            else if (reader.LocalName == "name" && styleId is not null)
            {
                names[styleId] = reader.GetAttribute("val", W) ?? styleId;
            }
        }
        return names;
    }

    private static void CheckDepth(XmlReader reader, InputLimits limits)
    {
        if (reader.Depth > limits.MaxNestingDepth)
        {
            throw new InputException($"the document nests XML elements more than {limits.MaxNestingDepth} deep; refused");
        }
    }

    private static string ReadBody(Stream body, Dictionary<string, string> styles, string name, InputLimits limits)
    {
        var output = new StringBuilder();
        var paragraph = new StringBuilder();
        bool heading = false, listItem = false;
        var rows = new Stack<List<string>>();
        var cells = new Stack<StringBuilder>();
        bool inText = false;
        using var reader = XmlReader.Create(body, Settings(limits));
        bool advance = true;
        while (advance ? reader.Read() : !reader.EOF)
        {
            advance = true;
            CheckDepth(reader, limits);
            if (output.Length + paragraph.Length > limits.MaxTextLength)
            {
                throw new InputException($"{name}: the text is over the {limits.MaxTextLength:N0}-character limit");
            }
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == W)
            {
                if (reader.LocalName is "del" or "moveFrom" or "instrText" or "delInstrText" or "delText")
                {
                    // Tracked deletions, moved-from text and field codes are not part of the text; Skip() leaves the
                    // reader on the node after the element, which the loop then handles without reading past it.
                    reader.Skip();
                    advance = false;
                    continue;
                }
                HandleStart(reader);
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.NamespaceURI == W)
            {
                HandleEnd(reader.LocalName);
            }
            else if (inText && reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                paragraph.Append(reader.Value);
            }
        }
        return output.ToString().TrimEnd() + "\n";

        void HandleStart(XmlReader r)
        {
            switch (r.LocalName)
            {
                case "p":
                    paragraph.Clear();
                    heading = false;
                    listItem = false;
                    if (r.IsEmptyElement)
                    {
                        EndParagraph();
                    }
                    break;
                case "t":
                    inText = !r.IsEmptyElement;
                    break;
                case "tab":
                    paragraph.Append(' ');
                    break;
                case "br" or "cr":
                    paragraph.Append(' ');
                    break;
                case "pStyle":
                    string? id = r.GetAttribute("val", W);
                    string styleName = id is not null && styles.TryGetValue(id, out string? named) ? named : id ?? "";
                    heading = styleName.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || styleName.Equals("title", StringComparison.OrdinalIgnoreCase) || styleName.Equals("subtitle", StringComparison.OrdinalIgnoreCase);
                    listItem |= styleName.StartsWith("list", StringComparison.OrdinalIgnoreCase);
                    break;
                case "numPr":
                    listItem = true;
                    break;
                case "tr":
                    rows.Push([]);
                    break;
                case "tc":
                    cells.Push(new StringBuilder());
                    break;
            }
        }

        void HandleEnd(string localName)
        {
            switch (localName)
            {
                case "t":
                    inText = false;
                    break;
                case "p":
                    EndParagraph();
                    break;
                case "tc" when cells.Count > 0:
                    string cell = cells.Pop().ToString().Trim();
                    if (rows.Count > 0)
                    {
                        rows.Peek().Add(cell);
                    }
                    break;
                case "tr" when rows.Count > 0:
                    string row = string.Join(" | ", rows.Pop().Where(static c => c.Length > 0));
                    if (row.Length == 0)
                    {
                        break;
                    }
                    if (cells.Count > 0)
                    {
                        Append(cells.Peek(), row);
                    }
                    else
                    {
                        if (output.Length > 0)
                        {
                            EnsureBlankLine(output);
                        }
                        output.Append(row).Append("\n\n");
                    }
                    break;
            }
        }

        void EndParagraph()
        {
            string text = paragraph.ToString().Trim();
            paragraph.Clear();
            if (text.Length == 0)
            {
                return;
            }
            if (cells.Count > 0)
            {
                Append(cells.Peek(), text);
                return;
            }
            if (listItem && !heading)
            {
                if (output.Length > 0 && !EndsWithListLine(output))
                {
                    EnsureBlankLine(output);
                }
                output.Append("- ").Append(text).Append('\n');
                return;
            }
            if (output.Length > 0)
            {
                EnsureBlankLine(output);
            }
            output.Append(text).Append("\n\n");
        }
    }

    private static bool EndsWithListLine(StringBuilder output)
    {
        if (output.Length < 2 || output[^1] != '\n' || output[^2] == '\n')
        {
            return false;
        }
        int start = output.Length - 2;
        while (start > 0 && output[start - 1] != '\n')
        {
            start--;
        }
        return output[start] == '-' && start + 1 < output.Length && output[start + 1] == ' ';
    }

    private static void EnsureBlankLine(StringBuilder output)
    {
        if (output.Length >= 2 && output[^1] == '\n' && output[^2] == '\n')
        {
            return;
        }
        output.Append(output[^1] == '\n' ? "\n" : "\n\n");
    }

    private static void Append(StringBuilder cell, string text)
    {
        if (cell.Length > 0)
        {
            cell.Append(' ');
        }
        cell.Append(text);
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
