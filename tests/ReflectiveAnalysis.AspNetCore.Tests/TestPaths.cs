using System.Globalization;
using System.Runtime.CompilerServices;

namespace ReflectiveAnalysis.AspNetCore.Tests;

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
