using FsCheck.Xunit;
using ReflectiveAnalysis.Console.Output;

namespace ReflectiveAnalysis.Console.Tests;

public sealed class EscapeProperties
{
    [Property]
    public bool Html_LeavesNoMarkupCharacters(string? text) =>
        Escape.Html(text).IndexOfAny(['<', '>', '"', '\'']) < 0;

    [Property]
    public bool Html_RoundTripsThroughAnHtmlParser(string? text)
    {
        string clean = (text ?? "").Replace("\0", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<p title=\"" + Escape.Html(clean) + "\">" + Escape.Html(clean) + "</p>");
        var p = page.QuerySelector("p")!;
        return p.Children.Length == 0 && p.TextContent == clean && p.GetAttribute("title") == clean && p.Attributes.Length == 1;
    }

    [Property]
    public bool Csv_FieldIsQuotedWhenItMustBe(string? text)
    {
        string field = Escape.Csv(text);
        bool special = field.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return !special || (field.StartsWith('"') && field.EndsWith('"'));
    }
}
