using System.Text;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// The hostile inputs the reliability issue lists, each as a generator of a text of (about) a given length, so
/// the same shape can be checked for correctness at full size and for linear cost at two sizes.
/// </summary>
public static class HostileShapes
{
    private static readonly Dictionary<string, Func<int, string>> s_shapes = new(StringComparer.Ordinal)
    {
        // Not hostile: ordinary reflective prose, the baseline the other shapes' scaling is compared with.
        ["prose"] = n => Repeat(Prose, n),
        ["lone-surrogates"] = n => Repeat("I \uD800 felt \uDC00 it\uDBFF. \uDC00\uD800 reversed \uDFFF\uD800. ", n),
        ["replacement-char"] = n => Repeat("\uFFFD\uFFFD word\uFFFD \uFFFD. ", n),
        ["nul-and-controls"] = n => Repeat("I\u0000 learned\u0001\u0007\u001B\u007F\u0085 a lot.\u0000\u0008 \u000B\u000C\u009F ", n),
        ["zero-width-and-bidi"] = n => Repeat("\u200BI\u200C le\u200Darned\u2060 \u202Ethat\u202C \u200F\u2066users\u2069\u061C \uFEFFmatter. ", n),
        ["combining-sequences"] = n => Repeat("e\u0301\u0302\u0303\u0304 \u0301\u0302\u0303 ca\u0308fe\u0301 Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357. ", n),
        ["emoji-with-modifiers"] = n => Repeat("\U0001F44D\U0001F3FD \U0001F469\u200D\U0001F4BB\u200D \U0001F3F3\uFE0F\u200D\U0001F308 1\uFE0F\u20E3 \U0001F3F4\U000E0067\U000E0062\U000E007F I \u2764\uFE0F it. ", n),
        ["cjk"] = n => Repeat("\u6211\u5728\u56FE\u4E66\u9986\u5B66\u5230\u4E86\u5F88\u591A\u3002\u7528\u6237\u5F88\u91CD\u8981\uFF01", n),
        ["rtl"] = n => Repeat("\u062A\u0639\u0644\u0645\u062A \u0627\u0644\u0643\u062B\u064A\u0631 \u0641\u064A \u0627\u0644\u0645\u0643\u062A\u0628\u0629. \u05D0\u05E0\u05D9 \u05DC\u05DE\u05D3\u05EA\u05D9. ", n),
        ["one-long-token"] = n => new string('a', n),
        ["blank-lines"] = n => Repeat("\n", n),
        ["blank-lines-between-words"] = n => Repeat("word\n\n\n\n\n\n\n\n", n),
        ["one-word-sentences"] = n => Repeat("Word. ", n),
        ["one-long-sentence"] = n => Repeat("word ", n),
        ["all-punctuation"] = n => Repeat(".,;:!?()[]{}\"'\u2026-/\\*&^%$#@~`|<>+=_ ", n),
        ["all-terminal-marks"] = n => Repeat(".!?", n),
        ["bullet-markers"] = n => Repeat("- \n1. \n(a) \n* x\n", n),
        ["heading-like-lines"] = n => Repeat("Criterion 1\n", n),
        ["latin1-binary"] = Latin1Binary,
        // Markup a portal might pass through unescaped: it is analysed as text, never interpreted.
        ["hostile-html"] = n => Repeat("<script>alert('x')</script><img src=x onerror=alert(1)> I think <b>this</b> mattered because <a href=\"javascript:alert(1)\">users</a> said so. ", n),
        // Runs of e-mail local-part characters with no '@': every word in the run used to rescan the rest of it.
        ["email-local-part-runs"] = n => Repeat("ab.cd_12+x%y-", n),
    };

    /// <summary>Ordinary reflective writing: two paragraphs, a heading and a short list.</summary>
    public const string Prose =
        "Criterion 1\n\nLooking back, I think attendance fell because we advertised only on the intranet. From the students' point of view, " +
        "an email was easy to miss. I have learned that I need to ask users how they hear about us (Evidence 4).\n\n" +
        "I ran six induction sessions in September. Each session lasted an hour. Forty students attended in total. " +
        "Next year I will survey new students before planning the sessions, and I will:\n- ask the library team;\n- check the results with my mentor.\n\n";

    /// <summary>The names of every shape.</summary>
    public static IReadOnlyCollection<string> Names => s_shapes.Keys;

    /// <summary>A text of the shape, <paramref name="length"/> UTF-16 code units long.</summary>
    public static string Make(string name, int length) => s_shapes[name](length);

    /// <summary>Repeats <paramref name="unit"/> and cuts it at exactly <paramref name="length"/> (which may leave a lone surrogate at the end: fine, that is hostile too).</summary>
    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }
        builder.Length = length;
        return builder.ToString();
    }

    /// <summary>Seeded random bytes decoded as Latin-1: every char is U+0000..U+00FF, controls included.</summary>
    private static string Latin1Binary(int length)
    {
        byte[] bytes = new byte[length];
        new Random(0x1A71).NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes);
    }
}
