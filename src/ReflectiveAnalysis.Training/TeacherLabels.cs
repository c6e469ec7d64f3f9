using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Training;

/// <summary>The unlabelled sentences the fast tier is distilled on, and the teacher's probabilities for each.</summary>
/// <param name="Sentences">The unlabelled context sentences (CEReD-shaped records; category unused).</param>
/// <param name="Probabilities">The teacher's nine category probabilities for each sentence, in the same order.</param>
/// <param name="Teacher">The teacher's name (<see cref="FineTunedMiniLmEncoder.Name"/>).</param>
/// <param name="Summary">What was collected and skipped, and which teacher labelled it.</param>
internal sealed record Distillation(IReadOnlyList<CeredRecord> Sentences, IReadOnlyList<float[]> Probabilities, string Teacher, string Summary)
{
    /// <summary>Collects the unlabelled context sentences of <paramref name="train"/> and labels them with <paramref name="teacher"/>.</summary>
    public static Distillation Label(CueLexicon lexicon, IReadOnlyList<CeredRecord> train, IReadOnlyList<CeredRecord> val, FineTunedMiniLmEncoder teacher)
    {
        List<CeredRecord> sentences = TeacherLabels.UnlabelledSentences(lexicon, train, val, out string summary);
        float[][] probabilities = TeacherLabels.Probabilities(teacher, [.. sentences.Select(s => s.Sentence)], 1);
        return new Distillation(sentences, probabilities, teacher.Name, $"distillation: {summary}, labelled by {teacher.Name}");
    }
}

/// <summary>
/// Distillation data for the fast tier: diary sentences that CEReD gives only as context (no label), labelled with the
/// fine-tuned encoder's category probabilities (the teacher), so the linear model learns from the teacher's soft
/// judgement on text it has not seen with a label.
/// </summary>
/// <remarks>
/// Only CEReD <em>train</em> contexts are read. A context sentence is skipped when it is a labelled sentence, or when it
/// shares at least half its words with a val sentence (context and sentence were translated separately, so a val
/// sentence can reappear in other words in a train sentence's context): val stays unseen, as text and as label.
/// </remarks>
internal static class TeacherLabels
{
    /// <summary>Shortest context sentence kept, in letters and digits (shorter fragments are translation debris).</summary>
    internal const int MinLetters = 12;

    /// <summary>Word-set Jaccard similarity at or above which a context sentence counts as a val sentence reworded.</summary>
    internal const double ValSimilarity = 0.5;

    /// <summary>Teacher probabilities below this are dropped from the soft examples (they carry no signal and cost rows).</summary>
    internal const float MinProbability = 0.01f;

    /// <summary>The unlabelled context sentences, as CEReD-shaped records (their context; category unused), in first-seen order.</summary>
    public static List<CeredRecord> UnlabelledSentences(CueLexicon lexicon, IReadOnlyList<CeredRecord> train, IReadOnlyList<CeredRecord> val, out string summary)
    {
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (CeredRecord r in train)
        {
            labelled.Add(r.Sentence.Trim());
        }
        foreach (CeredRecord r in val)
        {
            labelled.Add(r.Sentence.Trim());
        }
        List<HashSet<string>> valWords = [.. val.Select(r => Words(r.Sentence))];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<CeredRecord>();
        var scratch = new AnalysisScratch();
        int nearVal = 0, tooShort = 0, headings = 0;
        foreach (CeredRecord r in train)
        {
            string text = r.Context;
            scratch.Load(text, lexicon);
            foreach (SentenceSegment s in scratch.Layout.Sentences)
            {
                string sentence = text.Substring(s.Start, s.Length);
                if (labelled.Contains(sentence) || !seen.Add(sentence))
                {
                    continue;
                }
                if (s.Kind == BlockKind.Heading)
                {
                    headings++;
                    continue;
                }
                if (sentence.Count(char.IsLetterOrDigit) < MinLetters)
                {
                    tooShort++;
                    continue;
                }
                HashSet<string> words = Words(sentence);
                if (valWords.Any(v => Jaccard(words, v) >= ValSimilarity))
                {
                    nearVal++;
                    continue;
                }
                result.Add(new CeredRecord("ctx" + result.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), text, sentence, ReflectiveCategory.Other, [], false));
            }
        }
        summary = $"{result.Count} unlabelled context sentences of CEReD train (skipped: {nearVal} near a val sentence, {tooShort} too short, {headings} headings)";
        return result;
    }

    /// <summary>The teacher's category probabilities (fine-tuned encoder and its head, softmax of logits / <paramref name="temperature"/>) for each text.</summary>
    public static float[][] Probabilities(FineTunedMiniLmEncoder teacher, IReadOnlyList<string> texts, double temperature)
    {
        FineTunedWeights weights = teacher.Weights;
        int labels = weights.HeadLabels.Count, dimension = teacher.Dimension;
        var result = new float[texts.Count][];
        const int Chunk = 256;
        var embeddings = new float[Chunk * dimension];
        for (int first = 0; first < texts.Count; first += Chunk)
        {
            int count = Math.Min(Chunk, texts.Count - first);
            var slice = new string[count];
            for (int i = 0; i < count; i++)
            {
                slice[i] = texts[first + i];
            }
            teacher.Encode(slice, embeddings.AsSpan(0, count * dimension));
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> e = embeddings.AsSpan(i * dimension, dimension);
                var logits = new double[labels];
                for (int k = 0; k < labels; k++)
                {
                    logits[k] = weights.HeadBias[k];
                }
                for (int d = 0; d < dimension; d++)
                {
                    for (int k = 0; k < labels; k++)
                    {
                        logits[k] += e[d] * weights.HeadWeights[(d * labels) + k];
                    }
                }
                double max = logits.Max();
                double sum = 0;
                for (int k = 0; k < labels; k++)
                {
                    logits[k] = Math.Exp((logits[k] - max) / temperature);
                    sum += logits[k];
                }
                result[first + i] = [.. logits.Select(x => (float)(x / sum))];
            }
        }
        return result;
    }

    /// <summary>
    /// Soft examples: each featurised sentence once per category the teacher gives at least <see cref="MinProbability"/>,
    /// weighted <paramref name="weight"/> × that probability (renormalised over the kept categories). Maximum entropy on
    /// these rows minimises the cross-entropy to the teacher's distribution.
    /// </summary>
    public static List<SparseExample> SoftExamples(IReadOnlyList<SparseExample> featurised, IReadOnlyList<float[]> probabilities, float weight)
    {
        var result = new List<SparseExample>();
        for (int i = 0; i < featurised.Count; i++)
        {
            SparseExample e = featurised[i];
            float[] p = probabilities[i];
            float kept = 0;
            foreach (float x in p)
            {
                kept += x >= MinProbability ? x : 0;
            }
            for (int k = 0; k < p.Length; k++)
            {
                if (p[k] >= MinProbability && e.Indices.Length > 0)
                {
                    result.Add(e with { Label = k, Weight = weight * p[k] / kept });
                }
            }
        }
        return result;
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        int shared = 0;
        foreach (string w in a)
        {
            shared += b.Contains(w) ? 1 : 0;
        }
        return (double)shared / (a.Count + b.Count - shared);
    }
}
