using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Gateway.FastPath;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// The host's API for its gateway process (mode <see cref="GatewayMode.Process"/> only): the route
/// table as a stream of snapshots, and the process's in-flight reports. Loopback only, with the token
/// the host gave the process; not in the OpenAPI document.
/// </summary>
internal static class GatewayInternalApi
{
    /// <summary>The route of the table stream.</summary>
    public const string TablePath = "/api/_internal/gateway/table";

    /// <summary>The route of the in-flight reports.</summary>
    public const string InFlightPath = "/api/_internal/gateway/inflight";

    /// <summary>The header that carries the gateway's token.</summary>
    public const string TokenHeader = "Strata-Gateway-Token";

    /// <summary>The JSON shape of snapshots and reports, on both sides.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Maps both endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TablePath, StreamTableAsync).ExcludeFromDescription();
        endpoints.MapPost(InFlightPath, ReportAsync).ExcludeFromDescription();
    }

    // One JSON line per publish, the current table first, until the gateway hangs up or the host stops.
    private static async Task StreamTableAsync(HttpContext context, GatewayRoutes routes, GatewayProcessSupervisor supervisor)
    {
        if (Refusal(context, supervisor) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        context.Response.Headers.CacheControl = "no-store";
        var aborted = context.RequestAborted;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var (table, next) = routes.Watch();
                await JsonSerializer.SerializeAsync(context.Response.Body, table.Snapshot, Json, aborted).ConfigureAwait(false);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), aborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                await next.WaitAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The gateway hung up, or the host is stopping.
        }
    }

    private static async Task<IResult> ReportAsync(HttpContext context, GatewayInFlightLedger ledger, GatewayProcessSupervisor supervisor)
    {
        if (Refusal(context, supervisor) is { } refusal)
        {
            return refusal;
        }

        GatewayInFlightReport? report;
        try
        {
            report = await context.Request.ReadFromJsonAsync<GatewayInFlightReport>(Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Results.Problem(title: "Invalid in-flight report", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (report?.Services is null || report.Services.Any(s => s is null || string.IsNullOrEmpty(s.Vertical) || string.IsNullOrEmpty(s.App) || string.IsNullOrEmpty(s.Service)))
        {
            return Results.Problem(title: "Invalid in-flight report", detail: "Expected {\"sequence\", \"relayed\", \"services\": [{\"vertical\", \"app\", \"service\", \"inFlight\", \"begun\"}]}, each service named.", statusCode: StatusCodes.Status400BadRequest);
        }

        ledger.Apply(report);
        return Results.NoContent();
    }

    private static IResult? Refusal(HttpContext context, GatewayProcessSupervisor supervisor)
    {
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Results.Problem(title: "Loopback only", detail: "The gateway's internal API answers only the host's gateway process, on loopback.", statusCode: StatusCodes.Status403Forbidden);
        }

        var given = context.Request.Headers[TokenHeader].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(supervisor.Token))
            ? null
            : Results.Problem(title: "Not the gateway process", detail: $"The gateway's internal API needs the {TokenHeader} header the host gave its gateway process.", statusCode: StatusCodes.Status403Forbidden);
    }
}
