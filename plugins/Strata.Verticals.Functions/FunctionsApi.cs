using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Discovery;

namespace Strata.Verticals.Functions;

/// <summary>
/// The vertical's API, mounted at <c>/v/functions</c>. Handlers take only <see cref="HttpContext"/> and
/// BCL types and write no plugin-defined types as JSON, so the plugin can be unloaded.
/// </summary>
internal static class FunctionsApi
{
    public const string HttpClientName = "functions-invoke";

    /// <summary>The worker's list of its functions with their state and counts.</summary>
    public const string WorkerStatePath = "/_strata/functions";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/{app}/invoke", InvokeAsync)
            .WithName("InvokeFunction")
            .WithSummary("Invokes a function app with the request body and query, and returns its response.");
        group.MapGet("/{app}/state", GetStateAsync)
            .WithName("GetFunctionState")
            .WithSummary("The app's function as one of its workers reports it: state (warm, cold, failed with the reason), invocations, errors, timeouts, cold starts and their duration.");
    }

    private static async Task GetStateAsync(HttpContext context, string app)
    {
        var uri = await FindAsync(context, app).ConfigureAwait(false);
        if (uri is null)
        {
            return;
        }

        var client = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            // The worker's own endpoint: a request that names no function is the worker's.
            using var response = await client.GetAsync(new Uri(uri, WorkerStatePath), context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Function unreachable", detail: $"The worker of function app '{app}' did not answer: {ex.Message}")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task<Uri?> FindAsync(HttpContext context, string app)
    {
        var endpoints = context.RequestServices.GetRequiredService<IServiceEndpoints>();
        var uri = await endpoints.GetServiceUriAsync(app, FunctionsMapping.ServiceName, context.RequestAborted).ConfigureAwait(false);
        if (uri is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Function not running", detail: $"No function app '{app}' runs in the functions vertical. Deploy it with 'strata deploy'.")
                .ExecuteAsync(context).ConfigureAwait(false);
        }

        return uri;
    }

    private static async Task InvokeAsync(HttpContext context, string app)
    {
        var uri = await FindAsync(context, app).ConfigureAwait(false);
        if (uri is null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(uri, "/" + context.Request.QueryString.Value))
        {
            Content = new StreamContent(context.Request.Body),
        };
        // Names the function explicitly, as a shared worker needs (a dedicated one defaults to its app).
        request.Headers.TryAddWithoutValidation("X-Strata-Function", app);
        if (context.Request.ContentType is { } contentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var client = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Function unreachable", detail: $"Function app '{app}' did not answer: {ex.Message}")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
