using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ReflectiveAnalysis.AspNetCore.Tests;

public sealed class EndpointTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    private const string Endpoint = "/reflect/analyze";

    private static readonly string[] s_contractFields =
        ["schemaVersion", "model", "wordCount", "sentenceCount", "paragraphCount", "depth", "modes", "criteria", "criteriaCoverage", "paragraphs", "sentences", "feedback"];

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static StringContent Raw(string body, string mediaType) => new(body, Encoding.UTF8, mediaType);

    [Theory]
    [InlineData("reflective.txt")]
    [InlineData("descriptive.txt")]
    public async Task Analyze_Json_IsByteIdenticalToTheCoreAndTheCli(string sample)
    {
        string text = TestPaths.Sample(sample);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.PostAsync(Endpoint, Json(new { text }));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(ReflectionAnalyzer.CreateDefault().Analyze(text).ToJson(), body);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = ReflectiveAnalysis.Console.ReflectCli.Run(["score", "--json", TestPaths.InRepository("samples", "statements", sample)], TextReader.Null, stdout, stderr);
        Assert.Equal(0, exit);
        Assert.Equal(stdout.ToString(), body + Environment.NewLine);
    }

    [Fact]
    public async Task Analyze_Json_HasTheContractFieldsInOrder()
    {
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(Endpoint, Json(new { text = "I ran a session. Next year I will run two." }));
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(s_contractFields, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ReflectionReport.CurrentSchemaVersion, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("sentences").GetArrayLength());
    }

    [Theory]
    [InlineData("revalidation", RegistrationRoute.Revalidation)]
    [InlineData("FELLOWSHIP", RegistrationRoute.Fellowship)]
    [InlineData("certification", RegistrationRoute.Certification)]
    public async Task Analyze_RouteInJsonOrQuery_UsesThatRoute(string name, RegistrationRoute route)
    {
        string text = TestPaths.Sample("descriptive.txt");
        string expected = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Route = route }).Analyze(text).ToJson();
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage json = await client.PostAsync(Endpoint, Json(new { text, route = name }));
        using HttpResponseMessage plain = await client.PostAsync(Endpoint + "?route=" + name, Raw(text, "text/plain"));

        Assert.Equal(expected, await json.Content.ReadAsStringAsync());
        Assert.Equal(expected, await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Analyze_RouteChangesTheWordCountFeedback()
    {
        // 250 words is the revalidation limit: a 300-word text is over it for revalidation, under it for chartership.
        string text = string.Join(' ', Enumerable.Repeat("I catalogued the new stock for the branch.", 300 / 7 + 1));
        using HttpClient client = factory.CreateClient();
        string chartership = await (await client.PostAsync(Endpoint, Json(new { text, route = "chartership" }))).Content.ReadAsStringAsync();
        string revalidation = await (await client.PostAsync(Endpoint, Json(new { text, route = "revalidation" }))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("\"word-count\"", chartership, StringComparison.Ordinal);
        Assert.Contains("\"word-count\"", revalidation, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests => new()
    {
        { "application/json", "{\"text\": ", HttpStatusCode.BadRequest, "not a request of the form" },
        { "application/json", "not json at all", HttpStatusCode.BadRequest, "not a request of the form" },
        { "application/json", "{}", HttpStatusCode.BadRequest, "'text'" },
        { "application/json", "{\"route\": \"chartership\"}", HttpStatusCode.BadRequest, "'text'" },
        { "application/json", "{\"text\": null}", HttpStatusCode.BadRequest, "not a request of the form" },
        { "application/json", "{\"text\": 42}", HttpStatusCode.BadRequest, "not a request of the form" },
        { "application/json", "[\"I ran a session.\"]", HttpStatusCode.BadRequest, "not a request of the form" },
        { "application/json", "null", HttpStatusCode.BadRequest, "\"text\"" },
        { "application/json", "{\"text\": \"I ran a session.\", \"route\": \"bachelorship\"}", HttpStatusCode.BadRequest, "Route \"bachelorship\" is not one of: certification, chartership, fellowship, revalidation." },
        { "application/xml", "<text>I ran a session.</text>", HttpStatusCode.UnsupportedMediaType, "application/xml is not accepted" },
        { "text/plain; charset=iso-8859-1", "I ran a session.", HttpStatusCode.UnsupportedMediaType, "Charset iso-8859-1 is not accepted" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Analyze_MalformedRequest_IsAProblemDetails(string contentType, string body, HttpStatusCode status, string detail)
    {
        using HttpClient client = factory.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using HttpResponseMessage response = await client.PostAsync(Endpoint, content);

        await AssertProblem(response, status, detail);
    }

    [Fact]
    public async Task Analyze_NoContentType_Is415()
    {
        using HttpClient client = factory.CreateClient();
        using var content = new ByteArrayContent("I ran a session."u8.ToArray());
        using HttpResponseMessage response = await client.PostAsync(Endpoint, content);
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Fact]
    public async Task Analyze_PlainTextThatIsNotUtf8_Is400()
    {
        using HttpClient client = factory.CreateClient();
        var content = new ByteArrayContent([0x49, 0x20, 0xC3, 0x28, 0xFF]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using HttpResponseMessage response = await client.PostAsync(Endpoint, content);
        await AssertProblem(response, HttpStatusCode.BadRequest, "not valid UTF-8");
    }

    [Fact]
    public async Task Analyze_UnknownRouteInQuery_Is400()
    {
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(Endpoint + "?route=nope", Raw("I ran a session.", "text/plain"));
        await AssertProblem(response, HttpStatusCode.BadRequest, "Route \"nope\" is not one of");
    }

    [Fact]
    public async Task Analyze_TextOverTheLimit_Is413NamingTheLimit()
    {
        string text = new('a', DemoFactory.MaxInputLength + 1);
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(Endpoint, Json(new { text }));

        using JsonDocument problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "the limit is 60,000 characters");
        Assert.Equal(DemoFactory.MaxInputLength, problem.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal(DemoFactory.MaxInputLength + 1, problem.RootElement.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Analyze_TextAtTheLimit_IsAnalysed()
    {
        string text = string.Concat(Enumerable.Repeat("I ran it. ", DemoFactory.MaxInputLength / 10));
        Assert.Equal(DemoFactory.MaxInputLength, text.Length);
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(Endpoint, Raw(text, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Analyze_BodyOverTheLimit_Is413NamingTheLimit()
    {
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(Endpoint, Raw(new string('a', (int)DemoFactory.MaxRequestBodySize + 1), "text/plain"));

        using JsonDocument problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "over the limit of 262,144 bytes");
        Assert.Equal(DemoFactory.MaxRequestBodySize, problem.RootElement.GetProperty("limit").GetInt64());
    }

    [Fact]
    public async Task Analyze_ChunkedBodyOverTheLimit_Is413()
    {
        // No Content-Length: the limit has to be enforced while reading.
        using HttpClient client = factory.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string('a', (int)DemoFactory.MaxRequestBodySize + 10))));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage response = await client.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "262,144 bytes");
    }

    [Fact]
    public async Task Analyze_100ParallelRequests_GiveTheSameReportsAsSequentialCalls()
    {
        string reflective = TestPaths.Sample("reflective.txt");
        string descriptive = TestPaths.Sample("descriptive.txt");
        string[] texts =
        [
            reflective,
            descriptive,
            reflective + "\n\n" + descriptive,
            "I ran a session. Looking back, I think it worked because parents chose the songs. Next year I will train two volunteers.",
            "",
        ];
        string[] routes = ["chartership", "revalidation"];
        using HttpClient client = factory.CreateClient();

        var expected = new Dictionary<(int, int), string>();
        for (int t = 0; t < texts.Length; t++)
        {
            for (int r = 0; r < routes.Length; r++)
            {
                using HttpResponseMessage response = await client.PostAsync(Endpoint, Json(new { text = texts[t], route = routes[r] }));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                expected[(t, r)] = await response.Content.ReadAsStringAsync();
            }
        }

        string[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using HttpResponseMessage response = await client.PostAsync(Endpoint, Json(new { text = texts[i % texts.Length], route = routes[i / texts.Length % routes.Length] }));
            return await response.Content.ReadAsStringAsync();
        }));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[(i % texts.Length, i / texts.Length % routes.Length)], results[i]);
        }
        Assert.Equal(expected.Values.ToHashSet(StringComparer.Ordinal), results.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Analyze_CancelledRequest_DoesNotAnalyse()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using HttpClient client = factory.CreateClient();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PostAsync(Endpoint, Json(new { text = "I ran a session." }), cancelled.Token));
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoint()
    {
        using HttpClient client = factory.CreateClient();
        using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        JsonElement post = doc.RootElement.GetProperty("paths").GetProperty("/reflect/analyze").GetProperty("post");

        Assert.Equal("AnalyzeReflection", post.GetProperty("operationId").GetString());
        JsonElement content = post.GetProperty("requestBody").GetProperty("content");
        JsonElement request = content.GetProperty("application/json").GetProperty("schema");
        Assert.Equal("string", request.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());
        Assert.Contains(request.GetProperty("required").EnumerateArray(), r => r.GetString() == "text");
        Assert.True(request.GetProperty("properties").TryGetProperty("route", out _));
        Assert.Equal("string", content.GetProperty("text/plain").GetProperty("schema").GetProperty("type").GetString());
        JsonElement responses = post.GetProperty("responses");
        foreach (string status in new[] { "200", "400", "413", "415" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"no {status} response described");
        }
        Assert.True(responses.GetProperty("413").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "route");
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("ReflectionReport", out _));
    }

    [Fact]
    public async Task Widget_IsServedAsAStaticWebAsset_AndMatchesTheSingleFile()
    {
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage response = await client.GetAsync("/_content/ReflectiveAnalysis.AspNetCore/reflective-feedback.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        string served = await response.Content.ReadAsStringAsync();
        Assert.Equal(File.ReadAllText(TestPaths.InRepository("src", "ReflectiveAnalysis.AspNetCore", "wwwroot", "reflective-feedback.js")), served);
    }

    [Fact]
    public void Widget_NeverWritesMarkup()
    {
        // The widget must put text in the page as text: no HTML-parsing sinks anywhere in the file.
        string[] code = File.ReadAllLines(TestPaths.InRepository("src", "ReflectiveAnalysis.AspNetCore", "wwwroot", "reflective-feedback.js"))
            .Where(line => !line.TrimStart().StartsWith('*') && !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .ToArray();
        foreach (string sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(code, line => line.Contains(sink, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Page_HasTheEditorAndTheWidget()
    {
        using HttpClient client = factory.CreateClient();
        string html = await client.GetStringAsync("/");
        Assert.Contains("<textarea id=\"statement\"", html, StringComparison.Ordinal);
        Assert.Contains("<reflective-feedback id=\"widget\" for=\"statement\" endpoint=\"/reflect/analyze\"", html, StringComparison.Ordinal);
        Assert.Contains("/_content/ReflectiveAnalysis.AspNetCore/reflective-feedback.js", html, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonDocument problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }
}
