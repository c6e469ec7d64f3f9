using System.Collections.Immutable;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis;

public sealed partial class ReflectionAnalyzer
{
    private ReflectionReport BuildReport(string text, AnalysisScratch scratch)
    {
        ReadOnlySpan<Token> tokens = scratch.Layout.Tokens;
        ReadOnlySpan<SentenceSegment> segments = scratch.Layout.Sentences;
        ReadOnlySpan<ParagraphSegment> paragraphSegments = scratch.Layout.Paragraphs;

        var sentences = ImmutableArray.CreateBuilder<SentenceReport>(segments.Length);
        var sentenceWords = new int[segments.Length];
        int wordCount = 0;
        Span<int> modeCounts = stackalloc int[ReflectiveTaxonomy.ModeCount];
        int judged = 0;
        for (int s = 0; s < segments.Length; s++)
        {
            SentenceSegment segment = segments[s];
            ReadOnlySpan<float> p = scratch.Probabilities.AsSpan(s * ReflectiveTaxonomy.CategoryCount, ReflectiveTaxonomy.CategoryCount);
            var category = (ReflectiveCategory)ArgMax(p);
            ReflectiveMode mode = ReflectiveTaxonomy.ModeOf(category);
            int words = CountWords(tokens.Slice(segment.FirstToken, segment.TokenCount));
            sentenceWords[s] = words;
            if (segment.Kind != BlockKind.Heading)
            {
                wordCount += words;
                modeCounts[(int)mode]++;
                judged++;
            }
            sentences.Add(new SentenceReport
            {
                Index = s,
                Start = segment.Start,
                Length = segment.Length,
                Text = text.Substring(segment.Start, segment.Length),
                Mode = mode,
                Category = category,
                Confidence = Round(p[(int)category]),
                Probabilities = new CategoryProbabilities(Round(p[0]), Round(p[1]), Round(p[2]), Round(p[3]), Round(p[4]), Round(p[5]), Round(p[6]), Round(p[7]), Round(p[8])),
                Cues = BuildCues(scratch, tokens, s),
                Drivers = BuildDrivers(scratch, s),
            });
        }

        ImmutableArray<SentenceReport> sentenceReports = sentences.MoveToImmutable();
        ImmutableArray<ParagraphReport> paragraphs = BuildParagraphs(text, scratch, paragraphSegments, sentenceReports);
        ImmutableArray<CriterionCoverage> coverageDetail = CoverageDetail(paragraphs, sentenceWords, wordCount);
        var coverage = new CriteriaScores(coverageDetail[0].WordShare, coverageDetail[1].WordShare, coverageDetail[2].WordShare);
        var modes = judged == 0
            ? new ModeShares(0, 0, 0)
            : new ModeShares(Round((double)modeCounts[0] / judged), Round((double)modeCounts[1] / judged), Round((double)modeCounts[2] / judged));

        var document = new DocumentView(text, sentenceReports, paragraphs, sentenceWords, coverage, coverageDetail, wordCount, CountEvidenceReferences(text, tokens));
        DepthAssessment depth = DepthScorer.Assess(document, _model.DepthLayer);
        ImmutableArray<FeedbackItem> feedback = FeedbackWriter.Write(document, depth, Options);

        return new ReflectionReport
        {
            Model = _modelInfo,
            WordCount = wordCount,
            SentenceCount = sentenceReports.Length,
            ParagraphCount = paragraphs.Length,
            Depth = depth,
            Modes = modes,
            Criteria = coverage,
            CriteriaCoverage = coverageDetail,
            Paragraphs = paragraphs,
            Sentences = sentenceReports,
            Feedback = feedback,
        };
    }

    private static int CountWords(ReadOnlySpan<Token> tokens)
    {
        int words = 0;
        foreach (Token token in tokens)
        {
            if (token.Kind is TokenKind.Word or TokenKind.Number)
            {
                words++;
            }
        }
        return words;
    }

    internal static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private ImmutableArray<CueReport> BuildCues(AnalysisScratch scratch, ReadOnlySpan<Token> tokens, int s)
    {
        SentenceView view = scratch.Views[s];
        if (view.CueCount == 0)
        {
            return [];
        }
        var cues = ImmutableArray.CreateBuilder<CueReport>(view.CueCount);
        foreach (CueMatch cue in scratch.Cues.Span.Slice(view.FirstCue, view.CueCount))
        {
            int start = tokens[cue.FirstToken].Start;
            int end = tokens[cue.FirstToken + cue.TokenCount - 1].End;
            CueFamily family = Lexicon.Families[cue.Family];
            cues.Add(new CueReport(start, end - start, family.Name, family.Signal));
        }
        return cues.MoveToImmutable();
    }

    private ImmutableArray<DriverReport> BuildDrivers(AnalysisScratch scratch, int s)
    {
        ReadOnlySpan<Driver> slots = scratch.Drivers.AsSpan(s * AnalysisScratch.MaxDrivers, AnalysisScratch.MaxDrivers);
        var drivers = ImmutableArray.CreateBuilder<DriverReport>(AnalysisScratch.MaxDrivers);
        foreach (Driver driver in slots)
        {
            if (driver.Weight > 0)
            {
                drivers.Add(new DriverReport(driver.Start, driver.Length, DriverName(driver), Round(driver.Weight)));
            }
        }
        return drivers.ToImmutable();
    }

    private string DriverName(Driver driver) => driver.Kind switch
    {
        FeatureKind.Word => "word",
        FeatureKind.Bigram => "bigram",
        FeatureKind.CharGram => "chargram",
        FeatureKind.Cue => "cue:" + Lexicon.Families[driver.Detail].Name,
        FeatureKind.ContextCue => "context-cue:" + Lexicon.Families[driver.Detail].Name,
        FeatureKind.ContextWord => "context-word",
        _ => "shape",
    };

    private ImmutableArray<ParagraphReport> BuildParagraphs(string text, AnalysisScratch scratch, ReadOnlySpan<ParagraphSegment> segments, ImmutableArray<SentenceReport> sentences)
    {
        var paragraphs = ImmutableArray.CreateBuilder<ParagraphReport>(segments.Length);
        Criterion? headingCriterion = null;
        Span<int> modes = stackalloc int[ReflectiveTaxonomy.ModeCount];
        for (int p = 0; p < segments.Length; p++)
        {
            ParagraphSegment segment = segments[p];
            ReadOnlySpan<float> c = scratch.Criteria.AsSpan(p * ReflectiveTaxonomy.CriterionCount, ReflectiveTaxonomy.CriterionCount);
            double personal = c[0], organisational = c[1], wider = c[2];
            Criterion? assigned = null;
            if (segment.Kind == BlockKind.Heading)
            {
                headingCriterion = HeadingCriteria.Match(text.AsSpan(segment.Start, segment.Length));
            }
            else if (headingCriterion is { } named)
            {
                assigned = named;
                switch (named)
                {
                    case Criterion.PersonalPerformance: personal = 1; break;
                    case Criterion.OrganisationalContext: organisational = 1; break;
                    default: wider = 1; break;
                }
            }

            var indexes = ImmutableArray.CreateBuilder<int>(segment.SentenceCount);
            modes.Clear();
            for (int s = segment.FirstSentence; s < segment.FirstSentence + segment.SentenceCount; s++)
            {
                indexes.Add(s);
                modes[(int)sentences[s].Mode]++;
            }
            var criteria = new CriteriaScores(Round(personal), Round(organisational), Round(wider));
            ParagraphDepth depth = new(0, 0);
            if (segment.Kind != BlockKind.Heading)
            {
                float[] signals = DepthScorer.MeasureParagraph([.. indexes.Select(i => sentences[i])], criteria);
                int score = DepthScorer.Score(signals, _model.DepthLayer);
                depth = new ParagraphDepth(DepthAssessment.LevelFor(score), score);
            }
            paragraphs.Add(new ParagraphReport
            {
                Index = p,
                Start = segment.Start,
                Length = segment.Length,
                Kind = (ParagraphKind)segment.Kind,
                Mode = DominantMode(modes, segment.SentenceCount),
                Criteria = criteria,
                Depth = depth,
                Pksb = segment.Kind == BlockKind.Heading ? [] : PksbAreas(text, scratch, p),
                Sentences = indexes.MoveToImmutable(),
                HeadingCriterion = assigned,
            });
        }
        return paragraphs.MoveToImmutable();
    }

    /// <summary>Evaluative when at least a quarter of the sentences evaluate, else analytical when at least a third analyse, else descriptive.</summary>
    internal static ReflectiveMode DominantMode(ReadOnlySpan<int> modeCounts, int total)
    {
        if (total > 0 && modeCounts[(int)ReflectiveMode.Evaluative] * 4 >= total)
        {
            return ReflectiveMode.Evaluative;
        }
        if (total > 0 && modeCounts[(int)ReflectiveMode.Analytical] * 3 >= total)
        {
            return ReflectiveMode.Analytical;
        }
        return ReflectiveMode.Descriptive;
    }

    private static ImmutableArray<string> PksbAreas(string text, AnalysisScratch scratch, int paragraph)
    {
        CueLexicon pksb = ReflectionModel.PksbLexicon;
        SentenceView view = scratch.ParagraphViews[paragraph];
        scratch.PksbMatches.Clear();
        pksb.Match(text, scratch.Layout.Tokens, scratch.Hashes, view.FirstToken, view.EndToken, ref scratch.PksbMatches);
        if (scratch.PksbMatches.Count == 0)
        {
            return [];
        }
        ulong families = 0;
        foreach (CueMatch match in scratch.PksbMatches.Span)
        {
            families |= 1UL << match.Family;
        }
        var areas = ImmutableArray.CreateBuilder<string>(System.Numerics.BitOperations.PopCount(families));
        foreach (CueFamily family in pksb.Families)
        {
            if ((families & (1UL << family.Index)) != 0)
            {
                areas.Add(family.Signal);
            }
        }
        return areas.MoveToImmutable();
    }

    /// <summary>
    /// Per criterion, in <see cref="Criterion"/> order: the share of (non-heading) words and paragraphs in paragraphs
    /// whose probability for it is at least 0.5, the depth reached, and the status. The word shares are the
    /// document-level <see cref="ReflectionReport.Criteria"/>.
    /// </summary>
    private ImmutableArray<CriterionCoverage> CoverageDetail(ImmutableArray<ParagraphReport> paragraphs, int[] sentenceWords, int wordCount)
    {
        ParagraphReport[] body = [.. paragraphs.Where(p => p.Kind != ParagraphKind.Heading)];
        var detail = ImmutableArray.CreateBuilder<CriterionCoverage>(ReflectiveTaxonomy.CriterionCount);
        foreach (Criterion criterion in Enum.GetValues<Criterion>())
        {
            ParagraphReport[] covering = [.. body.Where(p => p.Criteria[criterion] >= 0.5)];
            int words = covering.Sum(p => p.Sentences.Sum(s => sentenceWords[s]));
            double wordShare = wordCount == 0 ? 0 : Round((double)words / wordCount);
            double paragraphShare = body.Length == 0 ? 0 : Round((double)covering.Length / body.Length);
            int depth = covering.Length == 0 ? 0 : covering.Max(p => p.Depth.Level);
            CoverageStatus status = covering.Length == 0 ? CoverageStatus.Missing
                : wordShare < Options.ThinCriterionShare ? CoverageStatus.Thin
                : depth == 0 ? CoverageStatus.DescriptiveOnly
                : CoverageStatus.Covered;
            detail.Add(new CriterionCoverage(criterion, wordShare, paragraphShare, depth, status));
        }
        return detail.MoveToImmutable();
    }

    /// <summary>Counts distinct evidence references: "Evidence 4", "Appendix 3", "Annex 2", "E12", "Ev7".</summary>
    internal static int CountEvidenceReferences(string text, ReadOnlySpan<Token> tokens)
    {
        var seen = new HashSet<int>();
        for (int t = 0; t < tokens.Length; t++)
        {
            Token token = tokens[t];
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }
            ReadOnlySpan<char> word = text.AsSpan(token.Start, token.Length);
            if (t + 1 < tokens.Length && tokens[t + 1].Kind == TokenKind.Number
                && (word.Equals("evidence", StringComparison.OrdinalIgnoreCase) || word.Equals("appendix", StringComparison.OrdinalIgnoreCase) || word.Equals("annex", StringComparison.OrdinalIgnoreCase)))
            {
                if (int.TryParse(text.AsSpan(tokens[t + 1].Start, tokens[t + 1].Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                {
                    seen.Add(n);
                }
                continue;
            }
            int digits = word.Length > 1 && (word[0] is 'E' or 'e') ? (word.Length > 2 && word[1] is 'v' or 'V' ? 2 : 1) : 0;
            if (digits > 0 && word.Length - digits is >= 1 and <= 3 && int.TryParse(word[digits..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
            {
                seen.Add(number);
            }
        }
        return seen.Count;
    }
}

/// <summary>Recognises headings that name a criterion.</summary>
internal static class HeadingCriteria
{
    public static Criterion? Match(ReadOnlySpan<char> heading)
    {
        heading = heading.TrimStart('#').Trim();
        if (Contains(heading, "criterion 1") || Contains(heading, "personal"))
        {
            return Criterion.PersonalPerformance;
        }
        if (Contains(heading, "criterion 2") || Contains(heading, "organisation") || Contains(heading, "organization"))
        {
            return Criterion.OrganisationalContext;
        }
        if (Contains(heading, "criterion 3") || Contains(heading, "wider") || Contains(heading, "professional context"))
        {
            return Criterion.WiderProfessionalContext;
        }
        return null;
    }

    private static bool Contains(ReadOnlySpan<char> heading, string value) => heading.Contains(value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The parts of a report that depth and feedback are computed from.</summary>
internal sealed record DocumentView(
    string Text,
    ImmutableArray<SentenceReport> Sentences,
    ImmutableArray<ParagraphReport> Paragraphs,
    int[] SentenceWords,
    CriteriaScores Coverage,
    ImmutableArray<CriterionCoverage> CoverageDetail,
    int WordCount,
    int EvidenceReferences)
{
    private readonly bool[] _headings = HeadingFlags(Sentences, Paragraphs);

    /// <summary>Whether a sentence is a heading (and so not judged).</summary>
    public bool IsHeading(int sentence) => _headings[sentence];

    private static bool[] HeadingFlags(ImmutableArray<SentenceReport> sentences, ImmutableArray<ParagraphReport> paragraphs)
    {
        var flags = new bool[sentences.Length];
        foreach (ParagraphReport paragraph in paragraphs)
        {
            if (paragraph.Kind == ParagraphKind.Heading)
            {
                foreach (int s in paragraph.Sentences)
                {
                    flags[s] = true;
                }
            }
        }
        return flags;
    }
}
