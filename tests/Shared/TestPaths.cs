namespace ReflectiveAnalysis.Testing;

/// <summary>Finds files in the repository, whatever folder the tests run from. Shared by every test project (linked source).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>The text of a sample statement under <c>samples/statements</c>.</summary>
    public static string Sample(string name) => File.ReadAllText(InRepository("samples", "statements", name));

    private static string FindRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null)
        {
            if (File.Exists(Path.Combine(directory, "ReflectiveAnalysis.sln")))
            {
                return directory;
            }
            directory = Path.GetDirectoryName(directory);
        }
        throw new InvalidOperationException("Could not find ReflectiveAnalysis.sln above " + AppContext.BaseDirectory);
    }
}
