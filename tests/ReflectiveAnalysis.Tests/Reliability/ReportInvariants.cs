using System.Text;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Tests.Reliability;

/// <summary>
/// What every layout and every report must satisfy for any input: offsets inside the text, in order, never
/// overlapping, never splitting a surrogate pair, and every index pointing at something that exists. Returns the
/// first broken rule (null when all hold) so tests and the fuzzer can say exactly what went wrong.
/// </summary>
public static class ReportInvariants
{
    /// <summary>Checks tokens, sentences and paragraphs of a layout against <paramref name="text"/>.</summary>
    public static string? CheckLayout(string text, SegmentedText layout)
    {
        int previousEnd = 0;
        for (int t = 0; t < layout.Tokens.Length; t++)
        {
            Token token = layout.Tokens[t];
            if (token.Length <= 0 || token.Start < previousEnd || token.End > text.Length)
            {
                return $"token {t} [{token.Start}, {token.End}) is empty, out of order or outside the text of length {text.Length}";
            }
            if (SplitsPair(text, token.Start) || SplitsPair(text, token.End))
            {
                return $"token {t} [{token.Start}, {token.End}) splits a surrogate pair";
            }
            for (int i = previousEnd; i < token.Start; i++)
            {
                if (!char.IsWhiteSpace(text[i]))
                {
                    return $"character U+{(int)text[i]:X4} at {i} is in no token";
                }
            }
            previousEnd = token.End;
        }
        for (int i = previousEnd; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return $"character U+{(int)text[i]:X4} at {i} is in no token";
            }
        }

        int nextToken = 0;
        for (int s = 0; s < layout.Sentences.Length; s++)
        {
            SentenceSegment sentence = layout.Sentences[s];
            if (sentence.TokenCount < 1 || sentence.FirstToken != nextToken || sentence.FirstToken + sentence.TokenCount > layout.Tokens.Length)
            {
                return $"sentence {s} does not take up the tokens after the previous sentence";
            }
            if (sentence.Start != layout.Tokens[sentence.FirstToken].Start || sentence.End != layout.Tokens[sentence.FirstToken + sentence.TokenCount - 1].End)
            {
                return $"sentence {s} [{sentence.Start}, {sentence.End}) does not span its tokens";
            }
            if (sentence.Paragraph < 0 || sentence.Paragraph >= layout.Paragraphs.Length)
            {
                return $"sentence {s} names paragraph {sentence.Paragraph}, which does not exist";
            }
            nextToken = sentence.FirstToken + sentence.TokenCount;
        }
        if (nextToken != layout.Tokens.Length)
        {
            return $"tokens from {nextToken} on are in no sentence";
        }

        int nextSentence = 0;
        for (int p = 0; p < layout.Paragraphs.Length; p++)
        {
            ParagraphSegment paragraph = layout.Paragraphs[p];
            if (paragraph.SentenceCount < 1 || paragraph.FirstSentence != nextSentence || paragraph.FirstSentence + paragraph.SentenceCount > layout.Sentences.Length)
            {
                return $"paragraph {p} does not take up the sentences after the previous paragraph";
            }
            SentenceSegment first = layout.Sentences[paragraph.FirstSentence];
            SentenceSegment last = layout.Sentences[paragraph.FirstSentence + paragraph.SentenceCount - 1];
            if (paragraph.Start != first.Start || paragraph.End != last.End)
            {
                return $"paragraph {p} [{paragraph.Start}, {paragraph.End}) does not span its sentences";
            }
            for (int s = paragraph.FirstSentence; s < paragraph.FirstSentence + paragraph.SentenceCount; s++)
            {
                if (layout.Sentences[s].Paragraph != p)
                {
                    return $"sentence {s} lies in paragraph {p} but names paragraph {layout.Sentences[s].Paragraph}";
                }
            }
            nextSentence = paragraph.FirstSentence + paragraph.SentenceCount;
        }
        return nextSentence == layout.Sentences.Length ? null : $"sentences from {nextSentence} on are in no paragraph";
    }

    /// <summary>Checks a report against the text it was made from, including its JSON round trip.</summary>
    public static string? CheckReport(string text, ReflectionReport report)
    {
        if (report.SentenceCount != report.Sentences.Length || report.ParagraphCount != report.Paragraphs.Length)
        {
            return "the counts do not match the arrays";
        }
        int previousEnd = 0;
        for (int s = 0; s < report.Sentences.Length; s++)
        {
            SentenceReport sentence = report.Sentences[s];
            if (sentence.Index != s || sentence.Length <= 0 || sentence.Start < previousEnd || sentence.Start + sentence.Length > text.Length)
            {
                return $"sentence {s} [{sentence.Start}, +{sentence.Length}) is out of order or outside the text";
            }
            if (SplitsPair(text, sentence.Start) || SplitsPair(text, sentence.Start + sentence.Length))
            {
                return $"sentence {s} splits a surrogate pair";
            }
            if (!string.Equals(sentence.Text, text.Substring(sentence.Start, sentence.Length), StringComparison.Ordinal))
            {
                return $"sentence {s}'s text is not the text at its offsets";
            }
            if (sentence.Confidence is < 0 or > 1 || double.IsNaN(sentence.Confidence))
            {
                return $"sentence {s} has confidence {sentence.Confidence}";
            }
            foreach (CueReport cue in sentence.Cues)
            {
                if (cue.Length <= 0 || cue.Start < sentence.Start || cue.Start + cue.Length > sentence.Start + sentence.Length)
                {
                    return $"a cue of sentence {s} lies outside it";
                }
            }
            foreach (DriverReport driver in sentence.Drivers)
            {
                if (driver.Start < 0 || driver.Length < 0 || driver.Start + driver.Length > text.Length || double.IsNaN(driver.Weight))
                {
                    return $"a driver of sentence {s} lies outside the text";
                }
            }
            previousEnd = sentence.Start + sentence.Length;
        }
        int nextSentence = 0;
        for (int p = 0; p < report.Paragraphs.Length; p++)
        {
            ParagraphReport paragraph = report.Paragraphs[p];
            if (paragraph.Index != p || paragraph.Sentences.IsDefaultOrEmpty || paragraph.Sentences[0] != nextSentence)
            {
                return $"paragraph {p} does not take up the sentences after the previous paragraph";
            }
            for (int k = 1; k < paragraph.Sentences.Length; k++)
            {
                if (paragraph.Sentences[k] != paragraph.Sentences[k - 1] + 1)
                {
                    return $"paragraph {p}'s sentences are not consecutive";
                }
            }
            nextSentence = paragraph.Sentences[^1] + 1;
            if (nextSentence > report.Sentences.Length)
            {
                return $"paragraph {p} names a sentence that does not exist";
            }
            SentenceReport first = report.Sentences[paragraph.Sentences[0]];
            SentenceReport last = report.Sentences[paragraph.Sentences[^1]];
            if (paragraph.Start != first.Start || paragraph.Start + paragraph.Length != last.Start + last.Length)
            {
                return $"paragraph {p} does not span its sentences";
            }
        }
        if (nextSentence != report.Sentences.Length)
        {
            return "some sentences are in no paragraph";
        }
        if (report.Depth.Score is < 0 or > 100 || report.Depth.Level != DepthAssessment.LevelFor(report.Depth.Score))
        {
            return $"depth {report.Depth.Level}/{report.Depth.Score} is out of range";
        }
        if (report.Depth.Evidence.Any(e => e < 0 || e >= report.Sentences.Length))
        {
            return "depth evidence names a sentence that does not exist";
        }
        if (report.Feedback.IsDefaultOrEmpty)
        {
            return "there is no feedback";
        }
        foreach (FeedbackItem item in report.Feedback)
        {
            if (item.Paragraph is int p && (p < 0 || p >= report.Paragraphs.Length))
            {
                return $"feedback names paragraph {p}, which does not exist";
            }
            if (item.Sentence is int s && (s < 0 || s >= report.Sentences.Length))
            {
                return $"feedback names sentence {s}, which does not exist";
            }
            if (item.Paragraph is int ip && item.Sentence is int si && !report.Paragraphs[ip].Sentences.Contains(si))
            {
                return $"feedback names sentence {si} as part of paragraph {ip}, which does not hold it";
            }
            if (string.IsNullOrWhiteSpace(item.Text))
            {
                return "a feedback item has no text";
            }
        }
        return null;
    }

    /// <summary>Checks the layout and the report; text that produces a report must also survive JSON.</summary>
    public static string? CheckAll(string text, ReflectionReport report)
    {
        string? problem = CheckLayout(text, TextSegmenter.Segment(text)) ?? CheckReport(text, report);
        if (problem is not null)
        {
            return problem;
        }
        string json = report.ToJson(indented: false);
        return ReflectionReport.FromJson(json).ToJson(indented: false) == json ? null : "the report's JSON does not round-trip";
    }

    /// <summary>Describes the input in a failure message without dumping megabytes of it.</summary>
    public static string Describe(string text)
    {
        string head = text.Length <= 200 ? text : text[..200];
        var builder = new StringBuilder();
        foreach (char c in head)
        {
            builder.Append(c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}");
        }
        return $"{text.Length} chars: \"{builder}\"{(text.Length > 200 ? "..." : "")}";
    }

    /// <summary>True when <paramref name="offset"/> falls between the two halves of a valid surrogate pair.</summary>
    private static bool SplitsPair(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]);
}
