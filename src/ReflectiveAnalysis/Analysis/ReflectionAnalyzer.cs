using System.Collections.Immutable;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis;

/// <summary>
/// Reads a reflective text and reports how reflective it is: each sentence's category and mode, each paragraph's
/// criteria, the depth of the whole, and mentor-style feedback.
/// </summary>
/// <remarks>
/// Create one (loading the model is the expensive step) and reuse it: an analyzer is immutable and thread-safe,
/// and <see cref="Analyze(string)"/> keeps its working memory per thread, so many threads can share one instance
/// without locks.
/// </remarks>
/// <example>
/// <code>
/// var analyzer = ReflectionAnalyzer.CreateDefault();
/// ReflectionReport report = analyzer.Analyze(text);
/// Console.WriteLine($"{report.Depth.Label} {report.Depth.Score}/100");
/// </code>
/// </example>
public sealed partial class ReflectionAnalyzer
{
    private static readonly Lazy<ReflectionAnalyzer> s_default = new(() => new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default));

    private readonly ReflectionModel _model;
    private readonly ModelInfo _modelInfo;
    private readonly int _selfQuestionFamily;

    /// <summary>Creates an analyzer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ReflectionAnalyzer(ReflectionAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _model = options.Model ?? ReflectionModel.Default;
        _modelInfo = new ModelInfo(_model.Name, _model.Version);
        _selfQuestionFamily = FamilyIndex("self-question");
        _encoder = CheckEncoder(_model, options.SentenceEncoder);
    }

    /// <summary>The analyzer with default options and the embedded model, created on first use and shared.</summary>
    public static ReflectionAnalyzer CreateDefault() => s_default.Value;

    /// <summary>The options in force.</summary>
    public ReflectionAnalyzerOptions Options { get; }

    /// <summary>The model in use.</summary>
    public ReflectionModel Model => _model;

    private CueLexicon Lexicon => _model.Lexicon;

    /// <summary>Analyses a text.</summary>
    /// <param name="text">Plain text: paragraphs separated by blank lines; headings and lists are recognised.</param>
    /// <returns>The report. Empty or white-space-only text gives an empty report with depth 0 and one feedback item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="InputTooLongException"><paramref name="text"/> is longer than <see cref="ReflectionAnalyzerOptions.MaxInputLength"/>.</exception>
    public ReflectionReport Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Options.MaxInputLength)
        {
            throw new InputTooLongException(text.Length, Options.MaxInputLength);
        }

        AnalysisScratch scratch = AnalysisScratch.Rent();
        try
        {
            scratch.Load(text, Lexicon);
            if (scratch.Layout.Sentences.IsEmpty)
            {
                return EmptyReport();
            }
            float[]? embeddings = ClassifySentences(text, scratch);
            ScoreParagraphCriteria(text, scratch, embeddings);
            return BuildReport(text, scratch);
        }
        finally
        {
            AnalysisScratch.Return(scratch);
        }
    }

    private ReflectionReport EmptyReport() => new()
    {
        Model = _modelInfo,
        Depth = new DepthAssessment
        {
            Level = 0,
            Label = DepthAssessment.LabelFor(0),
            Score = 0,
            Rationale = ["There is no text to analyse."],
        },
        Modes = new ModeShares(0, 0, 0),
        Criteria = new CriteriaScores(0, 0, 0),
        Feedback = [new FeedbackItem(FeedbackKind.NothingToAnalyse, null, null, "There is nothing to analyse yet: write or paste your statement, with a blank line between paragraphs.")],
    };

    private int FamilyIndex(string name)
    {
        foreach (CueFamily family in Lexicon.Families)
        {
            if (family.Name == name)
            {
                return family.Index;
            }
        }
        return -1;
    }

    // ---- sentences -------------------------------------------------------------------------------------------

    /// <returns>The sentences' embedding inputs when the model reads embeddings (reused by the criteria head), else null.</returns>
    private float[]? ClassifySentences(string text, AnalysisScratch scratch)
    {
        ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
        const int C = ReflectiveTaxonomy.CategoryCount;
        float[]? embeddings = _encoder is null ? null : EncodeSentences(text, scratch);
        for (int s = 0; s < sentences.Length; s++)
        {
            Span<float> probabilities = scratch.Probabilities.AsSpan(s * C, C);
            if (sentences[s].Kind == BlockKind.Heading)
            {
                probabilities.Clear();
                probabilities[(int)ReflectiveCategory.Other] = 1f;
                continue;
            }
            if (_model.CategoryLayer is { } layer)
            {
                SpanFeaturizer.ExtractSentenceUnnormalised(_model.Extractor, text, scratch, s);
                if (embeddings is null)
                {
                    EvaluateFeatures(layer, scratch, probabilities);
                }
                else
                {
                    EvaluateWithEmbeddings(layer, scratch, embeddings, s, probabilities);
                }
                RecordFeatureDrivers(layer, scratch, s, ArgMax(probabilities));
            }
            else
            {
                ScoreWithLexicon(text, scratch, s, probabilities);
            }
        }
        return embeddings;
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Keeps the features that pushed hardest towards <paramref name="category"/> relative to the other categories.</summary>
    private static void RecordFeatureDrivers(LinearLayer layer, AnalysisScratch scratch, int s, int category)
    {
        Span<Driver> slots = scratch.Drivers.AsSpan(s * AnalysisScratch.MaxDrivers, AnalysisScratch.MaxDrivers);
        ReadOnlySpan<float> means = layer.PackedMeans;
        ReadOnlySpan<float> weights = layer.PackedWeights;
        int labels = layer.OutputCount;
        ReadOnlySpan<Feature> features = scratch.Features.Span;
        ReadOnlySpan<ulong> order = scratch.Order.AsSpan(0, scratch.OrderCount);
        ReadOnlySpan<int> ranks = scratch.Ranks.AsSpan(0, scratch.OrderCount);
        float scale = scratch.Scale;
        // CannotEnter(slots, w) is exactly w <= bound (below); the slots change only in Offer, so the bound is
        // recomputed only there instead of checking the slots for every feature.
        float bound = EntryBound(slots);
        for (int k = 0; k < order.Length; k++)
        {
            int rank = ranks[k]; // looked up by AccumulateOrdered
            if (rank < 0)
            {
                continue; // an all-zero row contributes value·(0 - 0) = 0, which Offer ignores
            }
            Feature feature = features[FeatureOrder.Item(order[k])];
            // The normalised value (the same float product the normaliser stores) times row[category] minus the
            // row's mean, the mean precomputed by the layer (same float arithmetic).
            float contribution = (feature.Value * scale) * (weights[(rank * labels) + category] - means[rank]);
            if (contribution <= bound)
            {
                continue;
            }
            Offer(slots, new Driver(feature.Start, feature.Length, feature.Kind, feature.Detail, contribution));
            bound = EntryBound(slots);
        }
    }

    /// <summary>
    /// The weight at or below which <see cref="CannotEnter"/> is true for <paramref name="slots"/> as they are: the
    /// weakest slot's weight when every slot is full and they are in order, otherwise 0.
    /// </summary>
    internal static float EntryBound(ReadOnlySpan<Driver> slots)
    {
        if (!(slots[^1].Weight > 0))
        {
            return 0f;
        }
        for (int i = 1; i < slots.Length; i++)
        {
            if (!(slots[i - 1].Weight >= slots[i].Weight))
            {
                return 0f;
            }
        }
        return slots[^1].Weight;
    }

    /// <summary>
    /// True when <see cref="Offer"/> would leave <paramref name="slots"/> exactly as they are: every slot is full,
    /// they are in order (as Offer keeps them) and the candidate is no stronger than the weakest.
    /// Why: most features of a sentence fall here, and skipping the call halved the driver pass.
    /// </summary>
    internal static bool CannotEnter(ReadOnlySpan<Driver> slots, float weight)
    {
        if (weight <= 0)
        {
            return true; // Offer ignores these first of all
        }
        if (!(slots[^1].Weight > 0 && weight <= slots[^1].Weight))
        {
            return false;
        }
        for (int i = 1; i < slots.Length; i++)
        {
            if (!(slots[i - 1].Weight >= slots[i].Weight))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Offers a driver to a small array kept sorted by weight, strongest first, with empty slots (weight 0) last: the
    /// slots always hold the strongest drivers offered so far, each span (and kind) once at its strongest, whatever the
    /// order of the offers (only between equal weights does the earlier offer win).
    /// </summary>
    internal static void Offer(Span<Driver> slots, Driver candidate)
    {
        if (!(candidate.Weight > 0))
        {
            return;
        }
        for (int i = 0; i < slots.Length && slots[i].Weight > 0; i++)
        {
            if (slots[i].Start == candidate.Start && slots[i].Length == candidate.Length && slots[i].Kind == candidate.Kind)
            {
                if (!(candidate.Weight > slots[i].Weight))
                {
                    return; // the same span counted once, at its strongest
                }
                // Take the weaker entry out (the ones after it move up, an empty slot comes last); the candidate goes in below.
                slots[(i + 1)..].CopyTo(slots[i..]);
                slots[^1] = default;
                break;
            }
        }
        if (!(candidate.Weight > slots[^1].Weight))
        {
            return; // no stronger than the weakest of full slots
        }
        int j = slots.Length - 1;
        while (j > 0 && slots[j - 1].Weight < candidate.Weight)
        {
            slots[j] = slots[j - 1];
            j--;
        }
        slots[j] = candidate;
    }

    /// <summary>
    /// Scores the raw features in the scratch: merged and scaled as <see cref="FeatureExtractor.Extract"/> would
    /// normalise them, and read in place in the order they first occur (<see cref="FeatureMerger"/>) instead of being
    /// gathered and rewritten.
    /// </summary>
    private static void EvaluateFeatures(LinearLayer layer, AnalysisScratch scratch, Span<float> output)
    {
        ReadOnlySpan<ulong> order = scratch.MergeFeatures();
        Span<float> scores = output[..layer.OutputCount];
        layer.Bias.CopyTo(scores);
        layer.AccumulateOrdered(scratch.Features.Span, order, scratch.Scale, scores, scratch.Ranks.AsSpan(0, order.Length));
        layer.Activate(scores);
    }

    /// <summary>The transparent scorer used when the model has no trained category layer: hand-set cue weights, softmax.</summary>
    private void ScoreWithLexicon(string text, AnalysisScratch scratch, int s, Span<float> probabilities)
    {
        Lexicon.CategoryBias.CopyTo(probabilities);
        SentenceView view = scratch.Views[s];
        Span<byte> seen = stackalloc byte[64];
        foreach (CueMatch cue in scratch.Cues.Span.Slice(view.FirstCue, view.CueCount))
        {
            if (seen[cue.Family] >= 2)
            {
                continue; // a family counts at most twice per sentence (checked before counting, so the byte never wraps)
            }
            seen[cue.Family]++;
            AddWeights(Lexicon.Families[cue.Family].CategoryWeights, probabilities);
        }
        if (_selfQuestionFamily >= 0 && seen[_selfQuestionFamily] == 0 && EndsWithQuestion(text, scratch, view))
        {
            AddWeights(Lexicon.Families[_selfQuestionFamily].CategoryWeights, probabilities);
        }
        int category = ArgMax(probabilities);
        Span<Driver> slots = scratch.Drivers.AsSpan(s * AnalysisScratch.MaxDrivers, AnalysisScratch.MaxDrivers);
        foreach (CueMatch cue in scratch.Cues.Span.Slice(view.FirstCue, view.CueCount))
        {
            float[] weights = Lexicon.Families[cue.Family].CategoryWeights;
            float mean = 0;
            foreach (float w in weights)
            {
                mean += w;
            }
            ReadOnlySpan<Token> tokens = scratch.Layout.Tokens;
            int start = tokens[cue.FirstToken].Start;
            int end = tokens[cue.FirstToken + cue.TokenCount - 1].End;
            Offer(slots, new Driver(start, end - start, FeatureKind.Cue, (short)cue.Family, weights[category] - (mean / weights.Length)));
        }
        LinearLayer.Softmax(probabilities);
    }

    private static void AddWeights(float[] weights, Span<float> scores)
    {
        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] += weights[c];
        }
    }

    private static bool EndsWithQuestion(string text, AnalysisScratch scratch, SentenceView view)
    {
        for (int t = view.EndToken - 1; t >= view.FirstToken; t--)
        {
            Token token = scratch.Layout.Tokens[t];
            if (token.Kind != TokenKind.Punctuation)
            {
                return false;
            }
            if (text.AsSpan(token.Start, token.Length).Contains('?'))
            {
                return true;
            }
        }
        return false;
    }

    // ---- paragraphs ------------------------------------------------------------------------------------------

    private void ScoreParagraphCriteria(string text, AnalysisScratch scratch, float[]? embeddings)
    {
        ReadOnlySpan<ParagraphSegment> paragraphs = scratch.Layout.Paragraphs;
        const int K = ReflectiveTaxonomy.CriterionCount;
        for (int p = 0; p < paragraphs.Length; p++)
        {
            Span<float> criteria = scratch.Criteria.AsSpan(p * K, K);
            if (paragraphs[p].Kind == BlockKind.Heading)
            {
                criteria.Clear();
                continue;
            }
            if (_model.CriteriaLayer is { } layer)
            {
                SpanFeaturizer.ExtractParagraphUnnormalised(_model.Extractor, text, scratch, p);
                EvaluateFeatures(layer, scratch, criteria);
                if (embeddings is not null && _model.CriteriaHead is not null)
                {
                    ApplyCriteriaHead(scratch, embeddings, p, criteria);
                }
            }
            else
            {
                ScoreCriteriaWithLexicon(scratch, p, criteria);
            }
        }
    }

    // Cue density (per 100 words) at which the lexicon scorer gives a criterion even odds.
    private static ReadOnlySpan<float> CriterionMidpoints => [5f, 4f, 2f];

    private void ScoreCriteriaWithLexicon(AnalysisScratch scratch, int p, Span<float> criteria)
    {
        SentenceView view = scratch.ParagraphViews[p];
        int words = 0;
        int firstPerson = 0;
        for (int t = view.FirstToken; t < view.EndToken; t++)
        {
            if (scratch.Layout.Tokens[t].Kind == TokenKind.Word)
            {
                words++;
                if (CueLexicon.FirstPersonHashes.AsSpan().Contains(scratch.Hashes[t]))
                {
                    firstPerson++;
                }
            }
        }
        criteria.Clear();
        foreach (CueMatch cue in scratch.Cues.Span.Slice(view.FirstCue, view.CueCount))
        {
            AddWeights(Lexicon.Families[cue.Family].CriterionWeights, criteria);
        }
        criteria[(int)Criterion.PersonalPerformance] += 0.5f * firstPerson;
        float per100 = 100f / Math.Max(words, 20);
        for (int k = 0; k < criteria.Length; k++)
        {
            float density = criteria[k] * per100;
            criteria[k] = 1f / (1f + MathF.Exp(-(density - CriterionMidpoints[k]) / 1.5f));
        }
    }
}
