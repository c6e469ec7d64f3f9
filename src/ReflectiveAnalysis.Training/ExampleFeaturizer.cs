using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Training;

/// <summary>A featurised example: merged, ascending, L2-normalised sparse features as the core computes them.</summary>
internal sealed record SparseExample(int[] Indices, float[] Values, int Label, float Weight, bool IsHeading, string Source)
{
    /// <summary>Gold criteria of a paragraph example (empty for sentences).</summary>
    public bool[] Criteria { get; init; } = [];

    /// <summary>The sentence's text and its context sentences' (null when absent), as the analyzer hands them to a sentence encoder.</summary>
    public SentenceTexts Texts { get; init; } = SentenceTexts.None;

    /// <summary>A paragraph example's non-heading layout sentences, as the analyzer encodes them for the criteria head (empty for sentences).</summary>
    public IReadOnlyList<string> ParagraphTexts { get; init; } = [];

    /// <summary>The sentence's and its context's embeddings (accurate tier, <see cref="Features.EmbeddingFeatures.ComposeEmbeddings"/>), or empty.</summary>
    public float[] Dense { get; init; } = [];

    /// <summary>The corpus document id of a corpus example (its source, "document:offset", up to the colon), or null for a CEReD one.</summary>
    public string? DocumentId
    {
        get
        {
            int colon = Source.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : Source[..colon];
        }
    }
}

/// <summary>A sentence and the neighbours in its paragraph that the accurate tier encodes as its context.</summary>
internal sealed record SentenceTexts(string Sentence, string? Previous, string? Next)
{
    public static SentenceTexts None { get; } = new("", null, null);
}

/// <summary>Counts of how gold spans were mapped onto the core's segmentation.</summary>
internal sealed class MappingStats
{
    public int CorpusSentences;
    public int CorpusSentencesSplitDifferently;
    public int CorpusParagraphs;
    public int CorpusParagraphsSplitDifferently;
    public int CeredExact;
    public int CeredSubstring;
    public int CeredAlone;

    public override string ToString() =>
        $"corpus sentences {CorpusSentences} ({CorpusSentencesSplitDifferently} split differently by the core), corpus paragraphs {CorpusParagraphs} ({CorpusParagraphsSplitDifferently} differently); " +
        $"CEReD: {CeredExact} matched a layout sentence of their context, {CeredSubstring} found as a substring, {CeredAlone} featurised alone";
}

/// <summary>
/// Featurises CEReD records and corpus documents through the core's own code (<see cref="AnalysisScratch.Load"/>,
/// <see cref="SpanFeaturizer"/>, <see cref="FeatureExtractor.Extract"/>), so training and run time agree.
/// </summary>
internal sealed class ExampleFeaturizer
{
    private readonly FeatureExtractor _extractor;
    private readonly AnalysisScratch _scratch = new();

    public ExampleFeaturizer(FeatureExtractor extractor) => _extractor = extractor;

    public MappingStats Stats { get; } = new();

    public List<SparseExample> Cered(IEnumerable<CeredRecord> records, Func<CeredRecord, float> weight)
    {
        var examples = new List<SparseExample>();
        foreach (CeredRecord record in records)
        {
            examples.Add(Cered(record, weight(record)));
        }
        return examples;
    }

    public SparseExample Cered(CeredRecord record, float weight)
    {
        string target = record.Sentence.Trim();
        string text = record.Context;
        _scratch.Load(text, _extractor.Lexicon);
        ReadOnlySpan<SentenceSegment> sentences = _scratch.Layout.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            if (text.AsSpan(sentences[s].Start, sentences[s].Length).SequenceEqual(target))
            {
                Stats.CeredExact++;
                SpanFeaturizer.ExtractSentence(_extractor, text, _scratch, s);
                _texts = LayoutTexts(text, s);
                return Take((int)record.Category, weight, sentences[s].Kind == BlockKind.Heading, record.Id);
            }
        }
        int at = target.Length == 0 ? -1 : text.IndexOf(target, StringComparison.Ordinal);
        if (at >= 0)
        {
            (int first, int end) = SpanFeaturizer.TokensWithin(_scratch.Layout.Tokens, at, at + target.Length);
            if (end > first)
            {
                Stats.CeredSubstring++;
                int containing = SentenceOf(first);
                SentenceSegment host = sentences[containing];
                ParagraphSegment paragraph = _scratch.Layout.Paragraphs[host.Paragraph];
                SentenceView view = SpanFeaturizer.ViewOver(text, _scratch, _extractor.Lexicon, first, end,
                    containing - paragraph.FirstSentence, paragraph.SentenceCount, host.Kind == BlockKind.Heading ? BlockKind.Prose : host.Kind);
                SentenceView previous = default, next = default;
                for (int s = paragraph.FirstSentence; s < paragraph.FirstSentence + paragraph.SentenceCount; s++)
                {
                    if (sentences[s].FirstToken + sentences[s].TokenCount <= first)
                    {
                        previous = _scratch.Views[s];
                    }
                    else if (sentences[s].FirstToken >= end && next.TokenCount == 0)
                    {
                        next = _scratch.Views[s];
                    }
                }
                SpanFeaturizer.ExtractView(_extractor, text, _scratch, view, previous, next);
                _texts = new SentenceTexts(ViewText(text, view) ?? target, ViewText(text, previous), ViewText(text, next));
                return Take((int)record.Category, weight, false, record.Id);
            }
        }
        Stats.CeredAlone++;
        return Alone(target.Length == 0 ? record.Sentence : target, (int)record.Category, weight, record.Id);
    }

    /// <summary>Featurises a text as one unit: all its tokens as one prose sentence, no context.</summary>
    private SparseExample Alone(string text, int label, float weight, string source)
    {
        _scratch.Load(text, _extractor.Lexicon);
        int tokens = _scratch.Layout.Tokens.Length;
        _scratch.Cues.Clear();
        SentenceView view = SpanFeaturizer.ViewOver(text, _scratch, _extractor.Lexicon, 0, tokens, 0, 1, BlockKind.Prose);
        if (view.TokenCount == 0)
        {
            return new SparseExample([], [], label, weight, false, source) { Texts = new SentenceTexts(text, null, null) };
        }
        SpanFeaturizer.ExtractView(_extractor, text, _scratch, view, default, default);
        _texts = new SentenceTexts(ViewText(text, view) ?? text, null, null);
        return Take(label, weight, false, source);
    }

    public List<SparseExample> CorpusSentences(IEnumerable<CorpusDocument> documents, float weight)
    {
        var examples = new List<SparseExample>();
        foreach (CorpusDocument document in documents)
        {
            string text = document.Text;
            _scratch.Load(text, _extractor.Lexicon);
            ReadOnlySpan<SentenceSegment> sentences = _scratch.Layout.Sentences;
            var byStart = new Dictionary<(int, int), int>();
            for (int s = 0; s < sentences.Length; s++)
            {
                byStart[(sentences[s].Start, sentences[s].Length)] = s;
            }
            foreach (CorpusParagraph paragraph in document.Paragraphs)
            {
                SentenceView[]? gold = null;
                for (int i = 0; i < paragraph.Sentences.Count; i++)
                {
                    CorpusSentence sentence = paragraph.Sentences[i];
                    Stats.CorpusSentences++;
                    string source = $"{document.Id}:{sentence.Start}";
                    if (byStart.TryGetValue((sentence.Start, sentence.Length), out int s))
                    {
                        SpanFeaturizer.ExtractSentence(_extractor, text, _scratch, s);
                        _texts = LayoutTexts(text, s);
                        examples.Add(Take((int)sentence.Category, weight, sentences[s].Kind == BlockKind.Heading, source));
                        continue;
                    }
                    Stats.CorpusSentencesSplitDifferently++;
                    gold ??= GoldViews(text, paragraph);
                    SpanFeaturizer.ExtractView(_extractor, text, _scratch, gold[i], i > 0 ? gold[i - 1] : default, i + 1 < gold.Length ? gold[i + 1] : default);
                    _texts = new SentenceTexts(ViewText(text, gold[i]) ?? text.Substring(sentence.Start, sentence.Length),
                        i > 0 ? ViewText(text, gold[i - 1]) : null, i + 1 < gold.Length ? ViewText(text, gold[i + 1]) : null);
                    examples.Add(Take((int)sentence.Category, weight, false, source));
                }
            }
        }
        return examples;
    }

    public List<SparseExample> CorpusParagraphs(IEnumerable<CorpusDocument> documents)
    {
        var examples = new List<SparseExample>();
        foreach (CorpusDocument document in documents)
        {
            string text = document.Text;
            _scratch.Load(text, _extractor.Lexicon);
            ReadOnlySpan<ParagraphSegment> paragraphs = _scratch.Layout.Paragraphs;
            foreach (CorpusParagraph paragraph in document.Paragraphs)
            {
                if (paragraph.Sentences.Count == 0)
                {
                    continue;
                }
                Stats.CorpusParagraphs++;
                bool[] criteria = new bool[ReflectiveTaxonomy.CriterionCount];
                foreach (Criterion c in paragraph.Criteria)
                {
                    criteria[(int)c] = true;
                }
                int match = -1;
                for (int p = 0; p < paragraphs.Length; p++)
                {
                    if (paragraphs[p].Start == paragraph.Start && paragraphs[p].Length == paragraph.Length && paragraphs[p].Kind != BlockKind.Heading)
                    {
                        match = p;
                        break;
                    }
                }
                if (match >= 0)
                {
                    SpanFeaturizer.ExtractParagraph(_extractor, text, _scratch, match);
                }
                else
                {
                    Stats.CorpusParagraphsSplitDifferently++;
                    (int first, int end) = SpanFeaturizer.TokensWithin(_scratch.Layout.Tokens, paragraph.Start, paragraph.Start + paragraph.Length);
                    SentenceView view = SpanFeaturizer.ViewOver(text, _scratch, _extractor.Lexicon, first, end, 0, 1, BlockKind.Prose);
                    SpanFeaturizer.ExtractView(_extractor, text, _scratch, view, default, default);
                }
                examples.Add(Take(0, 1f, false, $"{document.Id}:{paragraph.Start}") with { Criteria = criteria, ParagraphTexts = ParagraphSentenceTexts(text, paragraph, match) });
            }
        }
        return examples;
    }

    /// <summary>
    /// The texts of the paragraph's non-heading layout sentences (those of layout paragraph <paramref name="match"/>, or
    /// those inside the gold span when the core split it differently; the gold sentences when none lie inside).
    /// </summary>
    private List<string> ParagraphSentenceTexts(string text, CorpusParagraph paragraph, int match)
    {
        ReadOnlySpan<SentenceSegment> sentences = _scratch.Layout.Sentences;
        var texts = new List<string>();
        for (int s = 0; s < sentences.Length; s++)
        {
            bool inside = match >= 0
                ? sentences[s].Paragraph == match
                : sentences[s].Start >= paragraph.Start && sentences[s].Start + sentences[s].Length <= paragraph.Start + paragraph.Length;
            if (inside && sentences[s].Kind != BlockKind.Heading)
            {
                texts.Add(text.Substring(sentences[s].Start, sentences[s].Length));
            }
        }
        if (texts.Count == 0 && match < 0)
        {
            texts.AddRange(paragraph.Sentences.Select(g => text.Substring(g.Start, g.Length)));
        }
        return texts;
    }

    /// <summary>Views over exactly each gold sentence's tokens, for a paragraph the core segmented differently.</summary>
    private SentenceView[] GoldViews(string text, CorpusParagraph paragraph)
    {
        var views = new SentenceView[paragraph.Sentences.Count];
        for (int i = 0; i < views.Length; i++)
        {
            CorpusSentence sentence = paragraph.Sentences[i];
            (int first, int end) = SpanFeaturizer.TokensWithin(_scratch.Layout.Tokens, sentence.Start, sentence.Start + sentence.Length);
            BlockKind block = end > first ? _scratch.Layout.Sentences[SentenceOf(first)].Kind : BlockKind.Prose;
            views[i] = SpanFeaturizer.ViewOver(text, _scratch, _extractor.Lexicon, first, end, i, views.Length, block == BlockKind.Heading ? BlockKind.Prose : block);
        }
        return views;
    }

    private int SentenceOf(int token)
    {
        ReadOnlySpan<SentenceSegment> sentences = _scratch.Layout.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            if (token < sentences[s].FirstToken + sentences[s].TokenCount)
            {
                return s;
            }
        }
        return sentences.Length - 1;
    }

    private SparseExample Take(int label, float weight, bool isHeading, string source)
    {
        ReadOnlySpan<Feature> features = _scratch.Features.Span;
        var indices = new int[features.Length];
        var values = new float[features.Length];
        FeatureExtractor.Split(features, indices, values);
        SentenceTexts texts = _texts;
        _texts = SentenceTexts.None;
        return new SparseExample(indices, values, label, weight, isHeading, source) { Texts = texts };
    }

    private SentenceTexts _texts = SentenceTexts.None;

    /// <summary>Layout sentence <paramref name="s"/> and its non-heading neighbours in the same paragraph, exactly as the analyzer encodes them.</summary>
    private SentenceTexts LayoutTexts(string text, int s)
    {
        ReadOnlySpan<SentenceSegment> sentences = _scratch.Layout.Sentences;
        return new SentenceTexts(text.Substring(sentences[s].Start, sentences[s].Length), Neighbour(text, sentences, s, s - 1), Neighbour(text, sentences, s, s + 1));
    }

    private static string? Neighbour(string text, ReadOnlySpan<SentenceSegment> sentences, int s, int i) =>
        i >= 0 && i < sentences.Length && sentences[i].Paragraph == sentences[s].Paragraph && sentences[i].Kind != BlockKind.Heading
            ? text.Substring(sentences[i].Start, sentences[i].Length)
            : null;

    /// <summary>The text a view covers (first token's start to last token's end), or null for an empty view.</summary>
    private string? ViewText(string text, in SentenceView view)
    {
        if (view.TokenCount == 0)
        {
            return null;
        }
        ReadOnlySpan<Token> tokens = _scratch.Layout.Tokens;
        int start = tokens[view.FirstToken].Start;
        int end = tokens[view.FirstToken + view.TokenCount - 1].End;
        return text[start..end];
    }
}
