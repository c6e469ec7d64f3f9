using System.Globalization;
using System.Runtime.CompilerServices;

namespace ReflectiveAnalysis.AspNetCore.Tests;

/// <summary>Finds files in the repository, whatever folder the tests run from.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

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

/// <summary>Pins the invariant culture for the whole test assembly so no result depends on the machine.</summary>
internal static class AssemblyCulture
{
    [ModuleInitializer]
    internal static void Pin()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
    }
}
