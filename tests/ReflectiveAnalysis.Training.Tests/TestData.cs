using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Training.Tests;

/// <summary>Paths to the repository and the shared CEReD folder (../shared relative to the repository root).</summary>
internal static class TestData
{
    public static string Root { get; } = ModelTrainer.FindRepositoryRoot(AppContext.BaseDirectory);

    public static string Cered { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", "cered-en"));

    public static string Corpus { get; } = Path.Combine(Root, "data", "corpus", "documents");

    private static readonly Lazy<IReadOnlyList<CeredRecord>> s_train = new(() => CeredReader.ReadSplit(Cered, "train"));
    private static readonly Lazy<IReadOnlyList<CeredRecord>> s_val = new(() => CeredReader.ReadSplit(Cered, "val"));
    private static readonly Lazy<IReadOnlyList<CorpusDocument>> s_corpus = new(() => CorpusReader.ReadFolder(Corpus));

    public static IReadOnlyList<CeredRecord> CeredTrain => s_train.Value;

    public static IReadOnlyList<CeredRecord> CeredVal => s_val.Value;

    public static IReadOnlyList<CorpusDocument> CorpusDocuments => s_corpus.Value;
}
