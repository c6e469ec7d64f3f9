using System.Text;

namespace ReflectiveAnalysis.Console.Output;

/// <summary>Escaping for user text in HTML, Markdown and CSV output. Every piece of input text goes through one of these.</summary>
public static class Escape
{
    /// <summary>Escapes text for HTML element content and quoted attribute values (&amp; &lt; &gt; &quot; &#39;).</summary>
    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\0': builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Escapes text for Markdown: HTML-significant characters become entities and Markdown punctuation is
    /// backslash-escaped, so the text renders literally and creates no element, link, emphasis, table cell or code span.
    /// Line breaks become spaces; callers never start a line with escaped text (it always follows a marker), so
    /// line-start syntax (lists, setext underlines, numbered items) cannot arise from it.
    /// </summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\r' or '\n': builder.Append(' '); break;
                case '\0': builder.Append('\uFFFD'); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '~':
                    builder.Append('\\').Append(c);
                    break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @ gets a ' so
    /// spreadsheets do not run it as a formula.
    /// </summary>
    public static string Csv(string? text)
    {
        text ??= "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
