using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Strata.Verticals.Simulation.Api;

/// <summary>How the API answers: JSON through the source-generated context, errors as ProblemDetails (RFC 9457) with field paths.</summary>
internal static class ApiResponses
{
    public static async Task JsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task NotFoundAsync(HttpContext context, string detail)
        => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail).ExecuteAsync(context);

    /// <summary>A 400 naming each offending field (query parameter or route value) and what it must be.</summary>
    public static Task InvalidAsync(HttpContext context, IDictionary<string, string[]> errors)
        => Results.ValidationProblem(errors, title: "Invalid request", detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))).ExecuteAsync(context);

    /// <summary>The host's refusal of an <see cref="Deployment.IAppControl"/> call, answered as the control API answers it.</summary>
    public static Task HostRefusedAsync(HttpContext context, Deployment.AppControlException refusal)
        => refusal.Problems.Count > 0
            ? Results.ValidationProblem(
                refusal.Problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
                title: refusal.Title, detail: refusal.Message, statusCode: refusal.Status).ExecuteAsync(context)
            : Results.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Message).ExecuteAsync(context);

    public static Task UnprocessableAsync(HttpContext context, string title, string detail)
        => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: title, detail: detail).ExecuteAsync(context);
}
