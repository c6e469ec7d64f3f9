using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Net.Http.Headers;
using ReflectiveAnalysis.Extensions.DependencyInjection;

namespace ReflectiveAnalysis.AspNetCore;

/// <summary>The request handler behind <c>POST {prefix}/analyze</c>.</summary>
internal static class AnalyzeEndpoint
{
    /// <summary>Status for a request whose client went away (nginx's convention); nobody reads it.</summary>
    internal const int ClientClosedRequest = 499;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] s_routeNames = ["certification", "chartership", "fellowship", "revalidation"];

    /// <summary>Three UTF-8 bytes per UTF-16 code unit (the most one takes) plus room for the JSON around it.</summary>
    internal static long DefaultBodyLimit(int maxInputLength) => (3L * maxInputLength) + 4096;

    public static async Task<IResult> HandleAsync(HttpContext context, IReflectionService service, long limit)
    {
        CancellationToken aborted = context.RequestAborted;
        HttpRequest request = context.Request;

        bool isJson;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the statement as application/json ({\"text\": \"...\", \"route\": \"chartership\"}) or as text/plain.");
        }
        if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            isJson = true;
        }
        else if (mediaType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            isJson = false;
        }
        else
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content type {mediaType.MediaType} is not accepted: send application/json or text/plain.");
        }
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", $"Charset {mediaType.Charset} is not accepted: send UTF-8.");
        }

        if (request.ContentLength > limit)
        {
            return BodyTooLarge(limit);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit; // lets the server stop a chunked upload early
        }

        byte[]? body;
        int length;
        try
        {
            (body, length) = await ReadBoundedAsync(request.Body, limit, aborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyTooLarge(limit);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return Results.StatusCode(ClientClosedRequest);
        }
        if (body is null)
        {
            return BodyTooLarge(limit);
        }

        try
        {
            string text;
            string? routeName;
            if (isJson)
            {
                ReflectionRequest? parsed;
                try
                {
                    parsed = JsonSerializer.Deserialize(body.AsSpan(0, length), RequestJsonContext.Default.ReflectionRequest);
                }
                catch (JsonException e)
                {
                    return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The body is not a request of the form {{\"text\": \"...\", \"route\": \"chartership\"}}: {e.Message}");
                }
                if (parsed?.Text is null)
                {
                    return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The JSON needs a string property \"text\" holding the statement.");
                }
                text = parsed.Text;
                routeName = parsed.Route;
            }
            else
            {
                try
                {
                    text = s_strictUtf8.GetString(body, 0, length);
                }
                catch (DecoderFallbackException)
                {
                    return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The text/plain body is not valid UTF-8.");
                }
                routeName = request.Query["route"].ToString();
            }

            RegistrationRoute? route = null;
            if (!string.IsNullOrEmpty(routeName))
            {
                int index = Array.FindIndex(s_routeNames, n => n.Equals(routeName, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    return Problem(StatusCodes.Status400BadRequest, "Unknown route",
                        $"Route \"{Truncate(routeName)}\" is not one of: {string.Join(", ", s_routeNames)}.");
                }
                route = (RegistrationRoute)index;
            }

            ReflectionReport report;
            try
            {
                report = service.Analyze(text, route, aborted);
            }
            catch (InputTooLongException e)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, "Text too long",
                    $"The text is {e.Length:N0} characters long; the limit is {e.Limit:N0} characters.",
                    new Dictionary<string, object?> { ["limit"] = e.Limit, ["length"] = e.Length, ["unit"] = "characters" });
            }
            return Results.Text(report.ToJson(), "application/json", Encoding.UTF8, StatusCodes.Status200OK);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return Results.StatusCode(ClientClosedRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// OpenAPI: the body is a <see cref="ReflectionRequest"/> as JSON, or the text itself as text/plain with the route
    /// in the query string.
    /// </summary>
    internal static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        IOpenApiSchema request = await context.GetOrCreateSchemaAsync(typeof(ReflectionRequest), null, cancellationToken).ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The statement: JSON {\"text\", \"route\"}, or the text itself as text/plain (UTF-8).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = request },
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The statement as UTF-8 text; the route, if any, goes in the query string." } },
            },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "route",
            In = ParameterLocation.Query,
            Required = false,
            Description = "For text/plain bodies: certification, chartership, fellowship or revalidation (any case). JSON bodies name the route in the body.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["certification", "chartership", "fellowship", "revalidation"] },
        });
    }

    private static IResult BodyTooLarge(long limit) => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large",
        $"The request body is over the limit of {limit:N0} bytes.",
        new Dictionary<string, object?> { ["limit"] = limit, ["unit"] = "bytes" });

    private static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    /// <summary>
    /// Reads the whole body into a pooled buffer, stopping as soon as it passes <paramref name="limit"/> bytes;
    /// returns a null buffer when it did.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        int cap = (int)Math.Min(limit + 1, Array.MaxLength);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap, 16 * 1024));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, cap - length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
