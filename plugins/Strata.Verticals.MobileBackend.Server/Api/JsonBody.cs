using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Server;

/// <summary>Reads a request's JSON body; malformed JSON is a 400 naming where it broke, never a 500.</summary>
internal static class JsonBody
{
    /// <summary>The largest JSON body read (documents, sign-ups, pushes).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body as a JSON object, or a problem.</summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge($"A JSON body may be at most {MaxBytes} bytes."));
        }

        if (context.Request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedType($"Send JSON (Content-Type: application/json), not '{type}'."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problems.TooLarge($"A JSON body may be at most {MaxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problems.Invalid("$", "the body is empty; send a JSON object."));
        }

        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            return node is JsonObject body
                ? (body, null)
                : (null, Problems.Invalid("$", $"the body must be a JSON object, not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid(ex.Path is { Length: > 0 } path ? path : "$", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
    }

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? String(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
