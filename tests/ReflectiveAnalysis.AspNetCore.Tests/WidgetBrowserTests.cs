using System.Text.Json;
using Microsoft.Playwright;

namespace ReflectiveAnalysis.AspNetCore.Tests;

/// <summary>The widget in a real browser: the demo page on Kestrel, driven through headless Chromium.</summary>
public sealed class WidgetBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Descriptive =
        "I started as Library Assistant at Brookfield Central Library in March 2022. My duties include staffing the enquiry desk, processing new stock and running the Tuesday rhyme-time session. I also took over the weekly Lego club when a colleague left.";

    private const string Evaluative =
        "Looking back, I think the sessions struggled because I copied the format I inherited without asking why it existed. From the parents' point of view, a weekday slot suited only those not in work. I have learned that confidence comes from giving people a part to play, and next year I will train two volunteers to co-lead the session.";

    private async Task<IPage> OpenAsync()
    {
        IPage page = await browser.Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(browser.BaseAddress, "/").ToString());
        await page.Locator("reflective-feedback[data-state='idle']").WaitForAsync();
        return page;
    }

    private static async Task<(int Level, string[] Modes)> WaitForReportAsync(IPage page, int sentences)
    {
        // The widget marks each highlighted sentence with data-mode; wait until the report for the whole text is shown.
        await page.WaitForFunctionAsync(
            "n => { const w = document.querySelector('reflective-feedback'); return w.getAttribute('data-state') === 'ready' && w.shadowRoot.querySelectorAll('.s[data-mode]').length === n; }",
            sentences);
        string level = await page.Locator("reflective-feedback").GetAttributeAsync("data-depth-level") ?? "";
        IReadOnlyList<string> modes = await page.Locator("reflective-feedback .s[data-mode]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.mode)");
        return (int.Parse(level, System.Globalization.CultureInfo.InvariantCulture), modes.ToArray());
    }

    [Fact]
    public async Task Typing_DescriptiveThenEvaluative_ChangesHighlightsAndDepth()
    {
        IPage page = await OpenAsync();
        int posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/reflect/analyze", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref posts);
            }
        };
        ILocator textarea = page.Locator("#statement");
        ReflectionAnalyzer analyzer = ReflectionAnalyzer.CreateDefault();

        await textarea.PressSequentiallyAsync(Descriptive, new() { Delay = 5 });
        ReflectionReport first = analyzer.Analyze(Descriptive);
        (int firstLevel, string[] firstModes) = await WaitForReportAsync(page, Highlighted(first));
        int postsAfterFirst = Volatile.Read(ref posts);

        string both = Descriptive + "\n\n" + Evaluative;
        await textarea.PressSequentiallyAsync("\n\n" + Evaluative, new() { Delay = 5 });
        ReflectionReport second = analyzer.Analyze(both);
        (int secondLevel, string[] secondModes) = await WaitForReportAsync(page, Highlighted(second));

        // What the page shows is what the analyzer says about the same text.
        Assert.Equal(first.Depth.Level, firstLevel);
        Assert.Equal(first.Sentences.Select(s => ModeName(s.Mode)), firstModes);
        Assert.Equal(second.Depth.Level, secondLevel);
        Assert.Equal(second.Sentences.Select(s => ModeName(s.Mode)), secondModes);

        // And it changed the way a reader expects: descriptive only, then analysis and evaluation, and deeper.
        Assert.All(firstModes, m => Assert.Equal("descriptive", m));
        Assert.Contains("analytical", secondModes);
        Assert.Contains("evaluative", secondModes);
        Assert.True(secondLevel > firstLevel, $"depth stayed at {firstLevel} -> {secondLevel}");
        string depthText = await page.Locator("reflective-feedback .depth-value").InnerTextAsync();
        Assert.StartsWith($"Level {secondLevel}:", depthText, StringComparison.Ordinal);

        // Debounced: a request per pause, not per keystroke.
        int keystrokes = both.Length;
        Assert.InRange(postsAfterFirst, 1, 5);
        Assert.InRange(Volatile.Read(ref posts), 2, 10);
        Assert.True(Volatile.Read(ref posts) * 20 < keystrokes, $"{posts} requests for {keystrokes} keystrokes");

        // The live region announced the update, and the feedback sits beside its paragraphs.
        string live = await page.Locator("reflective-feedback [role='status']").InnerTextAsync();
        Assert.StartsWith($"Feedback updated: depth level {secondLevel} of 3", live, StringComparison.Ordinal);
        int besideParagraphs = await page.Locator("reflective-feedback .para aside .feedback li").CountAsync();
        Assert.Equal(second.Feedback.Count(f => f.Paragraph is not null), besideParagraphs);

        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "widget.png"), FullPage = true });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_ReachesTheButtonAndStepsThroughSentences()
    {
        IPage page = await OpenAsync();
        await page.Locator("#statement").FillAsync(Evaluative);
        await page.Locator("#statement").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Check now", await page.EvaluateAsync<string>("() => document.activeElement.shadowRoot?.activeElement?.textContent ?? ''"));
        await page.Keyboard.PressAsync("Enter");
        ReflectionReport report = ReflectionAnalyzer.CreateDefault().Analyze(Evaluative);
        await WaitForReportAsync(page, Highlighted(report));

        await page.Keyboard.PressAsync("Tab"); // one tab stop for the whole text
        Assert.Equal("0", await page.EvaluateAsync<string>("() => document.activeElement.shadowRoot.activeElement.dataset.index"));
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("1", await page.EvaluateAsync<string>("() => document.activeElement.shadowRoot.activeElement.dataset.index"));
        string details = await page.Locator("reflective-feedback .details").InnerTextAsync();
        Assert.StartsWith($"Sentence 2: {ModeVerb(report.Sentences[1].Mode)}", details, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task HostileText_IsShownAsText_AndRunsNothing()
    {
        IPage page = await OpenAsync();
        const string payload = "<img src=x onerror=\"window.__rfXss = 'img'\"> I ran the session. <script>window.__rfXss = 'script'</script> Next year I will <b>train</b> two volunteers.";
        await page.Locator("#statement").FillAsync(payload);
        ReflectionReport report = ReflectionAnalyzer.CreateDefault().Analyze(payload);
        await WaitForReportAsync(page, Highlighted(report));
        await page.WaitForTimeoutAsync(300); // give a broken image time to fire its onerror

        Assert.Equal("unset", await page.EvaluateAsync<string>("() => window.__rfXss ?? 'unset'"));
        int injected = await page.EvaluateAsync<int>("() => document.querySelector('reflective-feedback').shadowRoot.querySelectorAll('img, script, b, iframe, [onerror]').length");
        Assert.Equal(0, injected);
        // The user's text as shown: the paragraphs without the widget's own mode tags and screen-reader labels.
        string shown = await page.EvaluateAsync<string>(
            "() => [...document.querySelector('reflective-feedback').shadowRoot.querySelectorAll('.para-text')].map(p => { const c = p.cloneNode(true); c.querySelectorAll('.tag, .sr-only').forEach(e => e.remove()); return c.textContent; }).join('')");
        Assert.Equal(payload, shown);
        Assert.Contains("<img src=x onerror=\"window.__rfXss = 'img'\">", shown, StringComparison.Ordinal);
        Assert.Contains("<script>window.__rfXss = 'script'</script>", shown, StringComparison.Ordinal);

        // Control: the same payload through innerHTML does run, so the check above could have failed.
        await page.EvaluateAsync("p => { const d = document.createElement('div'); document.body.append(d); d.innerHTML = p; }", payload);
        await page.WaitForFunctionAsync("() => window.__rfXss === 'img'");
        await page.CloseAsync();
    }

    [Fact]
    public async Task ServerError_IsReportedInTheLiveRegion()
    {
        IPage page = await OpenAsync();
        // Over the demo's 60,000-character limit: the endpoint answers 413 and the widget says why.
        await page.Locator("#statement").FillAsync(new string('a', DemoFactory.MaxInputLength + 5));
        await page.Locator("reflective-feedback[data-state='error']").WaitForAsync();
        string live = await page.Locator("reflective-feedback [role='status']").InnerTextAsync();
        Assert.Contains("the limit is 60,000 characters", live, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    /// <summary>Sentences the widget highlights: all but those in headings.</summary>
    private static int Highlighted(ReflectionReport report) => report.Paragraphs.Where(p => p.Kind != ParagraphKind.Heading).Sum(p => p.Sentences.Length);

    private static string ModeName(ReflectiveMode mode) => JsonSerializer.Serialize(mode).Trim('"');

    private static string ModeVerb(ReflectiveMode mode) => mode switch
    {
        ReflectiveMode.Descriptive => "describes",
        ReflectiveMode.Analytical => "analyses",
        _ => "evaluates",
    };
}
