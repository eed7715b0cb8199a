using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Strata.Validation;

namespace Strata.Server.Api;

/// <summary>Reads a JSON request body, reporting a malformed one with the path where it broke.</summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiException(415, "Unsupported media type", "Send the request body as application/json.");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.Invalid("Invalid request body", [new ValidationProblem("body", "is empty; send a JSON object.")]);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            throw ApiException.Invalid("Invalid request body", [new ValidationProblem(path, $"is not valid JSON for this request: {ex.Message}")]);
        }
    }
}
