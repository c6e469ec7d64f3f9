using System.Collections.Immutable;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis;

/// <summary>
/// A loaded model: the cue lexicon plus the trained linear layers that judge sentences (nine categories),
/// paragraphs (three criteria) and documents (depth). Load once and share: immutable and thread-safe.
/// </summary>
/// <remarks>
/// Models are files in the library's own compact format (magic number, format version, checksum, Deflate
/// payload), written by the trainer (<c>reflect train</c>). The package embeds a default model, see
/// <see cref="Default"/>. A model without trained layers judges with its lexicon's hand-set cue weights.
/// </remarks>
public sealed class ReflectionModel
{
    internal const string CategoryLayerName = "category";
    internal const string CriteriaLayerName = "criteria";
    internal const string DepthLayerName = "depth";
    internal const string CategoryHeadName = "category-head";
    internal const string CriteriaHeadName = "criteria-head";
    private const string EmbeddedModelResource = "ReflectiveAnalysis.Resources.fast.ramodel";
    private const string EmbeddedLexiconResource = "ReflectiveAnalysis.Resources.cues.lex";
    private const string EmbeddedPksbResource = "ReflectiveAnalysis.Resources.pksb.lex";

    private static readonly Lazy<CueLexicon> s_pksb = new(() => CueLexicon.Parse(ReadResource(EmbeddedPksbResource)), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ReflectionModel> s_default = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ReflectionModel> s_lexiconOnly = new(LoadLexiconOnly, LazyThreadSafetyMode.ExecutionAndPublication);

    internal ReflectionModel(ModelContents contents)
    {
        Contents = contents;
        Extractor = new FeatureExtractor(contents.Lexicon, contents.HashBits);
        CategoryLayer = Find(contents.Layers, CategoryLayerName, Activation.Softmax, ReflectiveTaxonomy.CategoryCount);
        CriteriaLayer = Find(contents.Layers, CriteriaLayerName, Activation.Sigmoid, ReflectiveTaxonomy.CriterionCount);
        DepthLayer = Find(contents.Layers, DepthLayerName, Activation.Identity, 1);
        if (DepthLayer is not null && DepthLayer.InputDimension != Analysis.DepthScorer.SignalCount)
        {
            throw new ModelFormatException($"The depth layer takes {DepthLayer.InputDimension} inputs; the depth scorer measures {Analysis.DepthScorer.SignalCount} signals.");
        }
        if (CategoryLayer is not null && CategoryLayer.InputDimension != Extractor.Dimension)
        {
            throw new ModelFormatException($"The category layer takes {CategoryLayer.InputDimension} inputs; the features have {Extractor.Dimension}.");
        }
        if (CriteriaLayer is not null && CriteriaLayer.InputDimension != Extractor.Dimension)
        {
            throw new ModelFormatException($"The criteria layer takes {CriteriaLayer.InputDimension} inputs; the features have {Extractor.Dimension}.");
        }
        CategoryHead = Find(contents.Layers, CategoryHeadName, Activation.Softmax, ReflectiveTaxonomy.CategoryCount);
        if ((CategoryHead is null) != (contents.Encoder is null))
        {
            throw new ModelFormatException("A model has a category head exactly when it names a sentence encoder.");
        }
        if (CategoryHead is not null)
        {
            if (CategoryLayer is null)
            {
                throw new ModelFormatException("The category head reads the category layer's probabilities, and the model has no category layer.");
            }
            if (CategoryHead.InputDimension != HeadInputCount(contents.Encoder!.Dimension))
            {
                throw new ModelFormatException($"The category head takes {CategoryHead.InputDimension} inputs; {ReflectiveTaxonomy.CategoryCount} log-probabilities and {EmbeddingInputs} x {contents.Encoder.Dimension} embedding values make {HeadInputCount(contents.Encoder.Dimension)}.");
            }
        }
        CriteriaHead = Find(contents.Layers, CriteriaHeadName, Activation.Sigmoid, ReflectiveTaxonomy.CriterionCount);
        if (CriteriaHead is not null)
        {
            if (contents.Encoder is null || CriteriaLayer is null)
            {
                throw new ModelFormatException("The criteria head reads the criteria layer's logits and sentence embeddings; the model needs a criteria layer and a sentence encoder.");
            }
            if (CriteriaHead.InputDimension != CriteriaHeadInputCount(contents.Encoder.Dimension))
            {
                throw new ModelFormatException($"The criteria head takes {CriteriaHead.InputDimension} inputs; {ReflectiveTaxonomy.CriterionCount} logits and {contents.Encoder.Dimension} embedding values make {CriteriaHeadInputCount(contents.Encoder.Dimension)}.");
            }
        }
    }

    /// <summary>The model's name, e.g. <c>reflective-fast</c>.</summary>
    public string Name => Contents.Name;

    /// <summary>The model's version.</summary>
    public string Version => Contents.Version;

    /// <summary>What the model was trained on, in a sentence or two.</summary>
    public string Description => Contents.Description;

    /// <summary>The model embedded in this package, loaded on first use.</summary>
    public static ReflectionModel Default => s_default.Value;

    /// <summary>A model with no trained layers: the transparent cue-lexicon scorer alone.</summary>
    public static ReflectionModel LexiconOnly => s_lexiconOnly.Value;

    internal ModelContents Contents { get; }

    internal FeatureExtractor Extractor { get; }

    internal CueLexicon Lexicon => Contents.Lexicon;

    internal LinearLayer? CategoryLayer { get; }

    internal LinearLayer? CriteriaLayer { get; }

    internal LinearLayer? DepthLayer { get; }

    /// <summary>
    /// The accurate tier's category head: a softmax layer over the category layer's nine log-probabilities, the
    /// sentence's embedding and the mean embedding of its neighbours in the paragraph (see
    /// <see cref="Features.EmbeddingFeatures"/>). When present, its probabilities are the sentence's.
    /// </summary>
    internal LinearLayer? CategoryHead { get; }

    /// <summary>
    /// The accurate tier's optional criteria head: three sigmoids over the criteria layer's three logits and the mean
    /// embedding of the paragraph's non-heading sentences (see <see cref="Features.EmbeddingFeatures.ComposeCriteriaHeadInputs"/>).
    /// When present (and an encoder is configured), its probabilities are the paragraph's. Older accurate models have none
    /// and keep the criteria layer's probabilities.
    /// </summary>
    internal LinearLayer? CriteriaHead { get; }

    /// <summary>The criteria head's input count for an encoder of <paramref name="dimension"/>.</summary>
    internal static int CriteriaHeadInputCount(int dimension) => ReflectiveTaxonomy.CriterionCount + dimension;

    /// <summary>Embeddings the head reads per sentence: the sentence's own and its context's.</summary>
    internal const int EmbeddingInputs = 2;

    /// <summary>The head's input count for an encoder of <paramref name="dimension"/>.</summary>
    internal static int HeadInputCount(int dimension) => ReflectiveTaxonomy.CategoryCount + (EmbeddingInputs * dimension);

    /// <summary>
    /// The <see cref="ISentenceEncoder.Name"/> of the encoder this model needs (give it through
    /// <see cref="ReflectionAnalyzerOptions.SentenceEncoder"/>), or null when the model needs none (the fast tier).
    /// </summary>
    public string? SentenceEncoderName => Contents.Encoder?.Name;

    /// <summary>The embedding dimension the model expects from its sentence encoder, or 0 when it needs none.</summary>
    public int SentenceEncoderDimension => Contents.Encoder?.Dimension ?? 0;

    /// <summary>Loads a model from a stream (read to its end; not disposed).</summary>
    /// <exception cref="ModelFormatException">The data is not a valid model file.</exception>
    public static ReflectionModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ReflectionModel(ModelFile.Read(stream));
    }

    /// <summary>Loads a model from a file.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ReflectionModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Writes the model in the library's format.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.Write(stream, Contents);
    }

    /// <summary>Keywords of the PKSB's top-level areas (not part of a model: the same for every model).</summary>
    internal static CueLexicon PksbLexicon => s_pksb.Value;

    internal static string ReadEmbeddedLexicon() => ReadResource(EmbeddedLexiconResource);

    private static string ReadResource(string name)
    {
        using Stream stream = typeof(ReflectionModel).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The package is missing its embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ReflectionModel LoadDefault()
    {
        using Stream? stream = typeof(ReflectionModel).Assembly.GetManifestResourceStream(EmbeddedModelResource);
        return stream is null ? LexiconOnly : Load(stream);
    }

    private static ReflectionModel LoadLexiconOnly() =>
        new(new ModelContents("reflective-lexicon", "1", "Hand-set cue weights from the project's own lexicon; no trained layers.",
            FeatureExtractor.FeatureSetVersion, 18, CueLexicon.Parse(ReadEmbeddedLexicon()), ImmutableArray<LinearLayer>.Empty));

    private static LinearLayer? Find(ImmutableArray<LinearLayer> layers, string name, Activation activation, int outputs)
    {
        foreach (LinearLayer layer in layers)
        {
            if (layer.Name == name)
            {
                if (layer.Activation != activation || layer.OutputCount != outputs)
                {
                    throw new ModelFormatException($"Layer '{name}' must have {outputs} outputs with {activation} activation.");
                }
                return layer;
            }
        }
        return null;
    }
}
