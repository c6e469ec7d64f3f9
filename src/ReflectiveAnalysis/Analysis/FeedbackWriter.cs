using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace ReflectiveAnalysis.Analysis;

/// <summary>
/// Turns what the analysis found into the questions a good mentor would ask. Every item is triggered by something
/// in this text and anchored to the paragraph or sentence it is about, quoting a few of its words; there is no
/// canned list. Items come in priority order: criterion gaps, descriptive runs (So what?), analysis without
/// evaluation (Now what?), missing perspectives, unexplored feelings, evidence and length checks, then praise.
/// </summary>
internal static class FeedbackWriter
{
    private const int QuoteWords = 8;
    private const int QuoteChars = 100; // also cut a quote here, so a sentence without spaces is not copied whole
    private const int MaxSoWhat = 3;
    private const int MaxNowWhat = 2;
    private const int FullStatementWords = 300;

    public static ImmutableArray<FeedbackItem> Write(DocumentView document, DepthAssessment depth, ReflectionAnalyzerOptions options)
    {
        var items = new List<FeedbackItem>();
        CriterionGaps(document, options, items);
        DescriptiveRuns(document, items);
        AnalysisWithoutEvaluation(document, items);
        MissingPerspective(document, items);
        UnexploredFeelings(document, items);
        EvidenceReferences(document, options, items);
        WordLimit(document, options, items);
        Praise(document, depth, items);
        if (items.Count == 0)
        {
            // Nothing above was triggered: the text is too short or too thin to judge, so say that, about this text.
            int first = document.Sentences.FirstOrDefault(s => !document.IsHeading(s.Index))?.Index ?? 0;
            items.Add(new FeedbackItem(FeedbackKind.SoWhat, document.Paragraphs.First(p => p.Sentences.Contains(first)).Index, first,
                $"{Quote(document, first)}: there is too little here to judge yet. Say what happened, why it mattered, and what you will do next."));
        }
        return [.. items.Take(options.MaxFeedbackItems)];
    }

    private static IEnumerable<ParagraphReport> Body(DocumentView document) => document.Paragraphs.Where(p => p.Kind != ParagraphKind.Heading);

    private static void CriterionGaps(DocumentView document, ReflectionAnalyzerOptions options, List<FeedbackItem> items)
    {
        if (document.WordCount < 60)
        {
            return; // too short to expect all three criteria
        }
        foreach (CriterionCoverage coverage in document.CoverageDetail)
        {
            Criterion criterion = coverage.Criterion;
            string question = criterion switch
            {
                Criterion.PersonalPerformance => "What did you learn about your own strengths and gaps, and how has your practice changed as a result?",
                Criterion.OrganisationalContext => "How did this work serve your users and your organisation's priorities, and what improved because of it?",
                _ => "How does this compare with practice elsewhere in the profession or sector, and what did you take from, or give to, your professional networks?",
            };
            string name = criterion switch
            {
                Criterion.PersonalPerformance => "your personal performance",
                Criterion.OrganisationalContext => "your organisational context",
                _ => "the wider profession",
            };
            switch (coverage.Status)
            {
                case CoverageStatus.Missing:
                    items.Add(new FeedbackItem(FeedbackKind.CriterionGap, null, null, $"Nothing here yet on {name}: {question}"));
                    break;
                case CoverageStatus.Thin:
                    items.Add(new FeedbackItem(FeedbackKind.CriterionGap, null, null,
                        Say($"Only {coverage.WordShare * 100:0}% of the statement addresses {name}. {question}")));
                    break;
                case CoverageStatus.DescriptiveOnly:
                    ParagraphReport first = Body(document).First(p => p.Criteria[criterion] >= 0.5);
                    items.Add(new FeedbackItem(FeedbackKind.CriterionGap, first.Index, first.Sentences[0],
                        $"What you write on {name} only describes (for example {Quote(document, first.Sentences[0])}). {question}"));
                    break;
            }
        }
    }

    private static void DescriptiveRuns(DocumentView document, List<FeedbackItem> items)
    {
        // A paragraph already named by a criterion item ("what you write on ... only describes") is not asked again.
        var named = new HashSet<int>(items.Where(i => i.Kind == FeedbackKind.CriterionGap && i.Paragraph is not null).Select(i => i.Paragraph!.Value));
        var runs = Body(document)
            .Where(p => !named.Contains(p.Index) && p.Sentences.Length >= 2 && p.Mode == ReflectiveMode.Descriptive && DescriptiveShare(document, p) >= 0.75)
            .OrderByDescending(p => ParagraphWords(document, p))
            .ThenBy(p => p.Index)
            .Take(MaxSoWhat)
            .OrderBy(p => p.Index);
        foreach (ParagraphReport paragraph in runs)
        {
            int anchor = paragraph.Sentences.FirstOrDefault(s => document.Sentences[s].Category == ReflectiveCategory.Experience, paragraph.Sentences[0]);
            items.Add(new FeedbackItem(FeedbackKind.SoWhat, paragraph.Index, anchor,
                $"{Quote(document, anchor)}: this paragraph says what happened. So what? {SoWhatQuestion(paragraph)}"));
        }
    }

    /// <summary>The "So what?" question suited to what the paragraph is about: the writer, the service, or the profession.</summary>
    private static string SoWhatQuestion(ParagraphReport paragraph)
    {
        Criterion? main = null;
        double best = 0.5;
        foreach (Criterion criterion in (ReadOnlySpan<Criterion>)[Criterion.PersonalPerformance, Criterion.OrganisationalContext, Criterion.WiderProfessionalContext])
        {
            if (paragraph.Criteria[criterion] >= best)
            {
                best = paragraph.Criteria[criterion];
                main = criterion;
            }
        }
        return main switch
        {
            Criterion.PersonalPerformance => "Why did you approach it this way, what did it show you about your own practice, and what would you do differently?",
            Criterion.OrganisationalContext => "Why did the service do it this way, what difference did it make to your users, and what would you change?",
            Criterion.WiderProfessionalContext => "What did you take from it, how does it compare with practice elsewhere, and what did you bring back to your own work?",
            _ => "Why did you approach it this way, what difference did it make, and what would you change?",
        };
    }

    private static void AnalysisWithoutEvaluation(DocumentView document, List<FeedbackItem> items)
    {
        int added = 0;
        foreach (ParagraphReport paragraph in Body(document))
        {
            if (added == MaxNowWhat)
            {
                break;
            }
            SentenceReport[] sentences = [.. paragraph.Sentences.Select(s => document.Sentences[s])];
            if (sentences.Any(s => s.Mode == ReflectiveMode.Evaluative) || !sentences.Any(s => s.Mode == ReflectiveMode.Analytical))
            {
                continue;
            }
            if (paragraph.Mode != ReflectiveMode.Analytical)
            {
                continue;
            }
            SentenceReport anchor = sentences.Where(s => s.Mode == ReflectiveMode.Analytical).OrderByDescending(s => s.Confidence).ThenBy(s => s.Index).First();
            items.Add(new FeedbackItem(FeedbackKind.NowWhat, paragraph.Index, anchor.Index,
                $"You analyse this well ({Quote(document, anchor.Index)}). Now what? What will you do differently as a result, and how will you know it has worked?"));
            added++;
        }
    }

    private static void MissingPerspective(DocumentView document, List<FeedbackItem> items)
    {
        int judged = document.Sentences.Count(s => !document.IsHeading(s.Index));
        if (judged < 3 || document.Sentences.Any(s => s.Category == ReflectiveCategory.Perspective))
        {
            return;
        }
        // Anchor to the paragraph that reasons most, where another view would deepen the analysis.
        ParagraphReport? anchor = Body(document)
            .OrderByDescending(p => p.Sentences.Count(s => document.Sentences[s].Mode != ReflectiveMode.Descriptive))
            .ThenBy(p => p.Index)
            .FirstOrDefault();
        if (anchor is null)
        {
            return;
        }
        int sentence = anchor.Sentences[0];
        items.Add(new FeedbackItem(FeedbackKind.Perspective, anchor.Index, sentence,
            $"Whose view is missing? How would your users, your line manager or a colleague in another sector see {Quote(document, sentence)}?"));
    }

    private static void UnexploredFeelings(DocumentView document, List<FeedbackItem> items)
    {
        foreach (ParagraphReport paragraph in Body(document))
        {
            SentenceReport? feeling = paragraph.Sentences.Select(s => document.Sentences[s]).FirstOrDefault(s => s.Category == ReflectiveCategory.Feeling);
            if (feeling is null)
            {
                continue;
            }
            bool explored = paragraph.Sentences.Any(s => document.Sentences[s].Category is ReflectiveCategory.Reflection or ReflectiveCategory.Learning);
            if (!explored)
            {
                items.Add(new FeedbackItem(FeedbackKind.Feeling, paragraph.Index, feeling.Index,
                    $"You say how you felt ({Quote(document, feeling.Index)}). What caused that feeling, and what did it tell you about your practice?"));
                return; // one is enough
            }
        }
    }

    private static void EvidenceReferences(DocumentView document, ReflectionAnalyzerOptions options, List<FeedbackItem> items)
    {
        if (document.WordCount < FullStatementWords || options.Route == RegistrationRoute.Revalidation)
        {
            return;
        }
        int count = document.EvidenceReferences;
        if (count < options.MinEvidenceReferences)
        {
            items.Add(new FeedbackItem(FeedbackKind.Evidence, null, null, count == 0
                ? Say($"The statement cites no evidence. Point to your portfolio as you make each claim, e.g. \"(Evidence 4)\"; assessors expect about {options.MinEvidenceReferences}-{options.MaxEvidenceReferences} pieces.")
                : Say($"The statement cites {count} piece{(count == 1 ? "" : "s")} of evidence; assessors expect about {options.MinEvidenceReferences}-{options.MaxEvidenceReferences}. Which claims still need evidence behind them?")));
        }
        else if (count > options.MaxEvidenceReferences)
        {
            items.Add(new FeedbackItem(FeedbackKind.Evidence, null, null,
                Say($"The statement cites {count} pieces of evidence, more than the {options.MaxEvidenceReferences} usually expected. Which pieces show your development best?")));
        }
    }

    private static void WordLimit(DocumentView document, ReflectionAnalyzerOptions options, List<FeedbackItem> items)
    {
        int limit = options.WordLimit;
        if (document.WordCount > limit)
        {
            string route = options.Route.ToString().ToLowerInvariant();
            items.Add(new FeedbackItem(FeedbackKind.WordCount, null, null,
                Say($"The statement is {document.WordCount:N0} words; the {route} limit is {limit:N0}. Which descriptive passages could you cut to make room for analysis?")));
        }
    }

    private static void Praise(DocumentView document, DepthAssessment depth, List<FeedbackItem> items)
    {
        SentenceReport? best = document.Sentences
            .Where(s => s.Mode == ReflectiveMode.Evaluative && !document.IsHeading(s.Index))
            .OrderByDescending(s => s.Confidence).ThenBy(s => s.Index).FirstOrDefault();
        string why = "says what changed or what you will do next";
        if (best is null)
        {
            best = document.Sentences
                .Where(s => s.Category is ReflectiveCategory.Reflection or ReflectiveCategory.Perspective && !document.IsHeading(s.Index))
                .OrderByDescending(s => s.Confidence).ThenBy(s => s.Index).FirstOrDefault();
            why = best?.Category == ReflectiveCategory.Perspective ? "looks at it through someone else's eyes" : "explains why, not just what";
        }
        if (best is null)
        {
            return;
        }
        int paragraph = document.Paragraphs.First(p => p.Sentences.Contains(best.Index)).Index;
        string level = depth.Level >= 2 ? " Keep writing like this." : " More sentences like this will deepen the statement.";
        items.Add(new FeedbackItem(FeedbackKind.Praise, paragraph, best.Index, $"This works: {Quote(document, best.Index)} {why}.{level}"));
    }

    private static double DescriptiveShare(DocumentView document, ParagraphReport paragraph) =>
        (double)paragraph.Sentences.Count(s => document.Sentences[s].Mode == ReflectiveMode.Descriptive) / paragraph.Sentences.Length;

    private static int ParagraphWords(DocumentView document, ParagraphReport paragraph) => paragraph.Sentences.Sum(s => document.SentenceWords[s]);

    /// <summary>The first few words (at most <see cref="QuoteWords"/>, about <see cref="QuoteChars"/> characters) of a sentence in
    /// quotation marks, with an ellipsis when cut; never cut inside a surrogate pair.</summary>
    internal static string Quote(DocumentView document, int sentence)
    {
        string text = document.Sentences[sentence].Text;
        var builder = new StringBuilder("\u201C");
        int words = 0;
        bool inWord = false;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            bool space = char.IsWhiteSpace(c);
            if ((!space && !inWord && ++words > QuoteWords) || (i >= QuoteChars && !char.IsLowSurrogate(c)))
            {
                break;
            }
            inWord = !space;
            builder.Append(space ? ' ' : c);
        }
        string quoted = builder.ToString().TrimEnd().TrimEnd(',', ';', ':');
        return i < text.Length ? quoted + "\u2026\u201D" : quoted + "\u201D";
    }

    private static string Say(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
