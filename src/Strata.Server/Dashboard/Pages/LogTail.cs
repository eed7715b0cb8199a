using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Strata.Core.Auth;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Runtimes;

namespace Strata.Server.Dashboard.Pages;

/// <summary>
/// <c>GET /dashboard/apps/{vertical}/{app}/logs</c>: the app's log as server-sent events, one event per
/// line, from what <c>GET /api/apps/{app}/logs?follow=true</c> reads (the runtime's log with follow).
/// </summary>
internal static class LogTail
{
    private const int TailLines = 200;

    /// <summary>Streams until the browser goes away or the host stops.</summary>
    public static async Task GetAsync(HttpContext context, string vertical, string app, StateStore state, AppRuntimes runtimes, IHostApplicationLifetime lifetime)
    {
        if (!DashboardLayout.Allows(context, vertical))
        {
            await DashboardLayout.Forbidden(context, vertical, TokenScope.Read).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (await state.GetAppAsync(new AppRef(vertical, app), context.RequestAborted).ConfigureAwait(false) is not { } record)
        {
            await DashboardLayout.NotFound(context, $"No app '{app}' in vertical '{vertical}'.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        // The browser reconnects after this long when the stream ends (a host restart).
        await context.Response.WriteAsync("retry: 3000\n\n", ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            var query = new LogQuery { Tail = TailLines, Follow = true };
            await foreach (var entry in runtimes.For(record).ReadLogsAsync(record.Ref, query, ct).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(Event(entry), ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser left or the host stops.
        }
    }

    /// <summary>One line as an event: <c>HH:mm:ss source line</c>, with any line break inside it made a space (a break would end the event's data).</summary>
    internal static string Event(LogEntry entry)
    {
        var line = entry.Line.Replace('\r', ' ').Replace('\n', ' ');
        var time = entry.Timestamp.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return $"data: {time} {entry.Source.Replace('\n', ' ').Replace('\r', ' ')} {line}\n\n";
    }
}
