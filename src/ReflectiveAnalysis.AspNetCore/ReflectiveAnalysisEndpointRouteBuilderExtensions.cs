using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ReflectiveAnalysis;
using ReflectiveAnalysis.AspNetCore;
using ReflectiveAnalysis.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the ReflectiveAnalysis HTTP endpoint.</summary>
public static class ReflectiveAnalysisEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Adds <c>POST {prefix}/analyze</c>: the body is JSON (<c>{ "text": "...", "route": "chartership" }</c>) or
    /// <c>text/plain</c> (the text, with an optional <c>?route=</c>), and the answer is the report contract exactly as
    /// <see cref="ReflectionReport.ToJson"/> and <c>reflect score --json</c> write it.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="prefix">The route prefix. Default <c>/reflect</c>.</param>
    /// <param name="maxRequestBodySize">
    /// The most bytes a request body may carry; larger requests get 413 with a problem details body. Null (the
    /// default) allows three bytes per character of <see cref="ReflectiveAnalysisOptions.MaxInputLength"/> plus 4 KiB,
    /// enough for any text the analyzer accepts.
    /// </param>
    /// <returns>The route group, to add authorization, rate limiting or CORS to.</returns>
    /// <remarks>
    /// Errors are RFC 9457 problem details (<c>application/problem+json</c>): 400 for malformed JSON, a missing
    /// <c>text</c>, an unknown route or bytes that are not UTF-8; 413 when the body or the text is over its limit (the
    /// body names the limit); 415 for other content types. The endpoint is described for OpenAPI
    /// (<c>builder.Services.AddOpenApi()</c>, <c>app.MapOpenApi()</c>). Requires
    /// <c>services.AddReflectiveAnalysis(...)</c>.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>AddReflectiveAnalysis</c> was not called.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRequestBodySize"/> is less than 1.</exception>
    public static RouteGroupBuilder MapReflectiveAnalysis(this IEndpointRouteBuilder endpoints, string prefix = "/reflect", long? maxRequestBodySize = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<IReflectionService>() is null)
        {
            throw new InvalidOperationException("ReflectiveAnalysis is not registered: call builder.Services.AddReflectiveAnalysis(...) before app.MapReflectiveAnalysis(...).");
        }
        if (maxRequestBodySize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRequestBodySize), maxRequestBodySize, "The request body limit must be at least 1 byte.");
        }
        long limit = maxRequestBodySize ?? AnalyzeEndpoint.DefaultBodyLimit(endpoints.ServiceProvider.GetRequiredService<IOptions<ReflectiveAnalysisOptions>>().Value.MaxInputLength);

        RouteGroupBuilder group = endpoints.MapGroup(prefix).WithTags("ReflectiveAnalysis");
        group.MapPost("/analyze", (HttpContext context, IReflectionService service) => AnalyzeEndpoint.HandleAsync(context, service, limit))
            .WithName("AnalyzeReflection")
            .WithSummary("Analyse a reflective statement")
            .WithDescription("Reads the text and returns the ReflectiveAnalysis report (schemaVersion 1, see docs/report-schema.md): sentence modes and categories, criteria coverage, depth and mentor feedback, with offsets into the text. The body is JSON {\"text\", \"route\"} or text/plain (route in the query string).")
            // The request body is described by DescribeAsync rather than Accepts<T>(), whose content-type filter would
            // answer other media types with a bare 415 before the handler could explain itself.
            .Produces<ReflectionReport>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer(AnalyzeEndpoint.DescribeAsync);
        return group;
    }
}
