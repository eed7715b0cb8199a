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
/// table as a stream of snapshots, the process's confirmations that it routes by a table, and its
/// in-flight reports. Loopback only, with the token
/// the host gave the process; not in the OpenAPI document.
/// </summary>
internal static class GatewayInternalApi
{
    /// <summary>The route of the table stream.</summary>
    public const string TablePath = "/api/_internal/gateway/table";

    /// <summary>The route of the process's confirmations (<see cref="AppliedTable"/>) that it routes by a table.</summary>
    public const string AppliedPath = "/api/_internal/gateway/applied";

    /// <summary>The route of the in-flight reports.</summary>
    public const string InFlightPath = "/api/_internal/gateway/inflight";

    /// <summary>The header of the table stream's response that carries the stream's id, which confirmations name.</summary>
    public const string StreamHeader = "Strata-Gateway-Stream";

    /// <summary>The header that carries the gateway's token.</summary>
    public const string TokenHeader = "Strata-Gateway-Token";

    /// <summary>The JSON shape of snapshots and reports, on both sides.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TablePath, StreamTableAsync).ExcludeFromDescription();
        endpoints.MapPost(AppliedPath, ConfirmAsync).ExcludeFromDescription();
        endpoints.MapPost(InFlightPath, ReportAsync).ExcludeFromDescription();
    }

    // One JSON line per publish, the current table first, until the gateway hangs up or the host stops.
    private static async Task StreamTableAsync(HttpContext context, GatewayRoutes routes, GatewayTableFollowers followers, GatewayProcessSupervisor supervisor)
    {
        if (Refusal(context, supervisor) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // While the stream is open, replicas are stopped only once its reader confirms it dropped them.
        using var follower = followers.StreamOpened();
        context.Response.Headers[StreamHeader] = follower.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    private static async Task<IResult> ConfirmAsync(HttpContext context, GatewayTableFollowers followers, GatewayProcessSupervisor supervisor)
    {
        var (applied, problem) = await ReadAsync<AppliedTable>(context, supervisor, "Invalid table confirmation").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (applied is not { Stream: > 0, Version: > 0 })
        {
            return Results.Problem(title: "Invalid table confirmation", detail: $"Expected {{\"stream\": S, \"version\": N}}: the {StreamHeader} header of the table stream and the version of a table it carried (both > 0).", statusCode: StatusCodes.Status400BadRequest);
        }

        return followers.Confirm(applied.Stream, applied.Version)
            ? Results.NoContent()
            : Results.Problem(title: "Unknown table stream", detail: $"No table stream {applied.Stream} is open; confirm the tables of the stream being read.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ReportAsync(HttpContext context, GatewayInFlightLedger ledger, GatewayProcessSupervisor supervisor)
    {
        var (report, problem) = await ReadAsync<GatewayInFlightReport>(context, supervisor, "Invalid in-flight report").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (report?.Services is null || report.Services.Any(s => s is null || string.IsNullOrEmpty(s.Vertical) || string.IsNullOrEmpty(s.App) || string.IsNullOrEmpty(s.Service)))
        {
            return Results.Problem(title: "Invalid in-flight report", detail: "Expected {\"sequence\", \"relayed\", \"services\": [{\"vertical\", \"app\", \"service\", \"inFlight\", \"begun\"}]}, each service named.", statusCode: StatusCodes.Status400BadRequest);
        }

        ledger.Apply(report);
        return Results.NoContent();
    }

    // A POST of the gateway process: its token, then its JSON body; a 403 or a 400 titled <title> when either is wrong.
    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext context, GatewayProcessSupervisor supervisor, string title)
        where T : class
    {
        if (Refusal(context, supervisor) is { } refusal)
        {
            return (null, refusal);
        }

        try
        {
            return (await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(title: title, detail: ex.Message, statusCode: StatusCodes.Status400BadRequest));
        }
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

    /// <summary>The body of a confirmation: the table the gateway process now routes by.</summary>
    /// <param name="Stream">The id of the stream it read the table from (<see cref="StreamHeader"/>).</param>
    /// <param name="Version">The <see cref="GatewayTableSnapshot.Version"/> of the table.</param>
    internal sealed record AppliedTable(long Stream, long Version);
}
