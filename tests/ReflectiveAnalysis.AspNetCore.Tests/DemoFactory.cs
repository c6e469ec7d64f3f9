using Microsoft.AspNetCore.Mvc.Testing;

namespace ReflectiveAnalysis.AspNetCore.Tests;

/// <summary>The portal demo on the in-memory test server, with its own appsettings.json (text limit 60,000, body limit 256 KiB).</summary>
public sealed class DemoFactory : WebApplicationFactory<Program>
{
    public const int MaxInputLength = 60_000;
    public const long MaxRequestBodySize = 262_144;
}
