using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Discovery;

namespace Strata.Verticals.MobileBackend;

/// <summary>
/// The vertical's API, mounted at <c>/v/mobile</c>: <c>GET /{app}/sdk/{typescript|csharp}</c> answers the
/// client SDK the package step generated for the app's running revision (asked of its server through
/// discovery, so it always matches what serves). Handlers take only <see cref="HttpContext"/> and BCL
/// types and write no plugin-defined types as JSON, so the plugin can be unloaded.
/// </summary>
internal static class MobileApi
{
    /// <summary>The named HTTP client the API uses to reach app servers.</summary>
    public const string HttpClientName = "mobile-api";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/{app}/sdk/{language}", GetSdkAsync)
            .WithName("GetMobileSdk")
            .WithSummary("The generated client SDK (typescript or csharp) of a mobile app's running revision.");
    }

    private static async Task GetSdkAsync(HttpContext context, string app, string language)
    {
        if (!SdkGenerator.Languages.ContainsKey(language))
        {
            await Results.ValidationProblem(
                new Dictionary<string, string[]> { ["language"] = [$"must be one of {string.Join(", ", SdkGenerator.Languages.Keys)}, not '{language}'."] },
                title: "Unknown SDK language").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var endpoints = context.RequestServices.GetRequiredService<IServiceEndpoints>();
        var uri = await endpoints.GetServiceUriAsync(app, MobileMapping.ServiceName, context.RequestAborted).ConfigureAwait(false);
        if (uri is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Mobile app not running", detail: $"No mobile app '{app}' runs. Deploy it with 'strata deploy'.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var client = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(new Uri(uri, "/sdk/" + language), context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            if (response.Content.Headers.ContentDisposition is { } disposition)
            {
                context.Response.Headers.ContentDisposition = disposition.ToString();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Mobile app unreachable", detail: $"The server of mobile app '{app}' did not answer: {ex.Message}")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
