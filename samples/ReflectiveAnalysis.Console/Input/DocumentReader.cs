using System.Text;

namespace ReflectiveAnalysis.Console.Input;

/// <summary>
/// Reads a statement from a file (text, Markdown, .docx or PDF) or standard input and returns the plain text the
/// analyzer reads: paragraphs separated by blank lines, headings on their own line, list items as "- item" lines.
/// Every failure is an <see cref="InputException"/> with a one-line message.
/// </summary>
public static class DocumentReader
{
    /// <summary>The format a file name implies: .md/.markdown, .docx, .pdf, anything else text.</summary>
    public static InputFormat FormatFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".md" or ".markdown" or ".mdown" or ".mkd" => InputFormat.Markdown,
            ".docx" => InputFormat.Docx,
            ".pdf" => InputFormat.Pdf,
            _ => InputFormat.Text,
        };
    }

    /// <summary>Whether a file's extension is one <c>reflect batch</c> picks up from a folder.</summary>
    public static bool IsStatementFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".txt" or ".text" or ".md" or ".markdown" or ".mdown" or ".mkd" or ".docx" or ".pdf";

    /// <summary>Reads <paramref name="path"/> ("-" for <paramref name="stdin"/>) as <paramref name="format"/> (null: from the extension).</summary>
    /// <exception cref="InputException">The input is missing, unreadable, too big, malformed, encrypted or empty.</exception>
    public static string Read(string path, InputFormat? format, TextReader stdin, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(limits);
        string text;
        if (path == "-")
        {
            InputFormat kind = format ?? InputFormat.Text;
            if (kind is InputFormat.Docx or InputFormat.Pdf)
            {
                throw new InputException($"standard input can be text or markdown, not {kind.ToString().ToLowerInvariant()}: pass the file's path instead");
            }
            string raw = ReadBounded(stdin, limits.MaxTextLength, "standard input");
            text = kind == InputFormat.Markdown ? MarkdownText.ToPlainText(raw, limits) : raw;
            path = "standard input";
        }
        else
        {
            byte[] bytes = ReadFileBounded(path, limits);
            text = (format ?? FormatFor(path)) switch
            {
                InputFormat.Markdown => MarkdownText.ToPlainText(DecodeText(bytes, path), limits),
                InputFormat.Docx => WithTimeout(() => DocxText.Extract(bytes, path, limits), path, limits),
                InputFormat.Pdf => WithTimeout(() => PdfText.Extract(bytes, path, limits), path, limits),
                _ => DecodeText(bytes, path),
            };
        }
        if (text.Length > limits.MaxTextLength)
        {
            throw new InputException($"{path}: the text is {text.Length:N0} characters long; the limit is {limits.MaxTextLength:N0}");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException($"the input is empty: {path}");
        }
        return text;
    }

    private static byte[] ReadFileBounded(string path, InputLimits limits)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                throw new InputException($"{path} is a folder, not a file");
            }
            if (!info.Exists)
            {
                throw new InputException($"file not found: {path}");
            }
            if (info.Length > limits.MaxFileBytes)
            {
                throw new InputException($"{path} is {info.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}");
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxFileBytes)
                {
                    throw new InputException($"{path} is over the {limits.MaxFileBytes:N0}-byte limit");
                }
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static string DecodeText(byte[] bytes, string path)
    {
        try
        {
            string text = new UTF8Encoding(false, true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new InputException($"{path} is not UTF-8 text (use --format-in to read it as docx or pdf)");
        }
    }

    private static string ReadBounded(TextReader reader, int maxChars, string name)
    {
        var builder = new StringBuilder();
        char[] chunk = new char[8192];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            builder.Append(chunk, 0, read);
            if (builder.Length > maxChars)
            {
                throw new InputException($"{name}: the text is over the {maxChars:N0}-character limit");
            }
        }
        return builder.ToString();
    }

    /// <summary>Runs a document reader with the time limit; a reader that overruns it is abandoned.</summary>
    private static string WithTimeout(Func<string> read, string path, InputLimits limits)
    {
        Task<string> task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(limits.ReadTimeout))
            {
                throw new InputException($"{path}: reading took longer than {limits.ReadTimeout.TotalSeconds:0} seconds; the document is too complex or malformed");
            }
            return task.Result;
        }
        catch (AggregateException e) when (e.InnerException is InputException inner)
        {
            throw new InputException(inner.Message, inner);
        }
        catch (AggregateException e) when (e.InnerException is InsufficientExecutionStackException or OutOfMemoryException)
        {
            throw new InputException($"{path}: the document is too deeply nested or too large to read", e.InnerException);
        }
    }
}
