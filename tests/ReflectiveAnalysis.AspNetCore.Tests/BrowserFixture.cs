using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ReflectiveAnalysis.AspNetCore.Tests;

/// <summary>
/// The portal demo on Kestrel at a free loopback port, and Debian's headless Chromium (never a downloaded browser)
/// with a fresh profile. Fails, rather than skips, when Chromium is missing: CI installs it with .ci/install-browser.sh.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly DemoFactory _factory = new();
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "rf-chromium-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowserContext Context => _context ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary>Where screenshots go: beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"Chromium is not installed at {ChromiumPath}; the widget's browser tests need it. Install it with: bash .ci/install-browser.sh");
        }
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        string address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(BaseAddress.Host)), $"the demo must listen on loopback, not {address}");

        Directory.CreateDirectory(_profile);
        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = s_args,
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
            Locale = "en-GB",
        });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
        _playwright?.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be releasing its profile; a stray temp folder is harmless.
        }
    }
}
