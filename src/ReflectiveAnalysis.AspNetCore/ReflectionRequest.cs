using System.Text.Json.Serialization;

namespace ReflectiveAnalysis.AspNetCore;

/// <summary>
/// The JSON body of <c>POST {prefix}/analyze</c>: <c>{ "text": "...", "route": "chartership" }</c>. A
/// <c>text/plain</c> body is the text itself, with the route in the query string (<c>?route=revalidation</c>).
/// </summary>
public sealed record ReflectionRequest
{
    /// <summary>The statement to analyse: plain text, paragraphs separated by blank lines. Required.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// <c>certification</c>, <c>chartership</c>, <c>fellowship</c> or <c>revalidation</c> (any case); null or absent
    /// uses the configured route.
    /// </summary>
    public string? Route { get; init; }
}

/// <summary>Source-generated JSON for the request: camelCase names, any case accepted, null text rejected.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, RespectNullableAnnotations = true, AllowTrailingCommas = false)]
[JsonSerializable(typeof(ReflectionRequest))]
internal sealed partial class RequestJsonContext : JsonSerializerContext;
