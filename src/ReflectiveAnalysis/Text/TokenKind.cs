namespace ReflectiveAnalysis.Text;

/// <summary>What a <see cref="Token"/> is.</summary>
public enum TokenKind : byte
{
    /// <summary>A word, including internal apostrophes (<c>don't</c>, <c>organisation’s</c>), hyphens
    /// (<c>well-being</c>), slashes between words (<c>mentor/mentee</c>), dotted abbreviations
    /// (<c>e.g.</c>) and alphanumerics that start with a digit (<c>21st</c>).</summary>
    Word = 0,

    /// <summary>A number: <c>2024</c>, <c>3.5</c>, <c>1,000</c>, ranges such as <c>15-20</c> and <c>2023/24</c>.</summary>
    Number = 1,

    /// <summary>A web address starting with <c>http://</c>, <c>https://</c> or <c>www.</c>; trailing punctuation is left out.</summary>
    Url = 2,

    /// <summary>An e-mail address.</summary>
    Email = 3,

    /// <summary>A punctuation mark; a run of sentence-ending marks (<c>...</c>, <c>?!</c>) is one token.</summary>
    Punctuation = 4,

    /// <summary>Anything else that is not white space: symbols, emoji (with their modifiers), control and
    /// format characters, lone surrogates.</summary>
    Symbol = 5,
}
