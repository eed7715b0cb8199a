using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Storage;
using Strata.Verticals.Simulation.Mapping;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Api;

/// <summary>
/// <c>GET /v/simulation/{app}/runs/{run}/progress</c>: server-sent events. On connect, and whenever a task's
/// state or percent changes, a <c>progress</c> event for that task and a <c>run</c> event; the stream ends
/// once the run is settled (finished or cancelled with nothing running) or after
/// <c>Strata:Verticals:simulation:ProgressStreamMinutes</c> (60).
/// </summary>
internal static class ProgressStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task StreamAsync(HttpContext context, string app, string run)
    {
        if (await RunLookup.RunAsync(context, app, run).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var minutes = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Strata:Verticals:simulation:ProgressStreamMinutes", 60);
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var until = time.GetUtcNow() + TimeSpan.FromMinutes(Math.Clamp(minutes, 1, 24 * 60));
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var ct = context.RequestAborted;
        var sent = new Dictionary<int, (string State, int Percent)>();
        var record = found.Run;
        try
        {
            while (true)
            {
                var changed = false;
                foreach (var task in record.Tasks)
                {
                    if (sent.TryGetValue(task.Index, out var last) && last == (task.State, task.Percent))
                    {
                        continue;
                    }

                    sent[task.Index] = (task.State, task.Percent);
                    changed = true;
                    await WriteAsync(context, "progress", new ProgressEvent(run, task.Index, task.State, task.Percent), SimulationJsonContext.Default.ProgressEvent).ConfigureAwait(false);
                }

                var settled = record.IsSettled;
                if (changed || settled)
                {
                    await WriteAsync(context, "run", new RunEvent(run, record.State, record.Percent, settled), SimulationJsonContext.Default.RunEvent).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                }

                if (settled || time.GetUtcNow() >= until)
                {
                    return;
                }

                await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
                record = (await CurrentStoreAsync(context, app, found.Store).ConfigureAwait(false)).Read(run) ?? record;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    // Asked again on every poll: for an app on a cluster the folder is the host's mirror of the claim, and asking
    // is what refreshes it (when its copy is older than a few seconds). A read that fails now (the cluster did
    // not answer) keeps the stream on the last copy rather than ending it; the next poll asks again.
    private static async Task<RunStore> CurrentStoreAsync(HttpContext context, string app, RunStore last)
    {
        try
        {
            var root = await context.RequestServices.GetRequiredService<IAppVolumes>()
                .GetHostPathAsync(app, SimulationMapping.ResultsVolume, context.RequestAborted).ConfigureAwait(false);
            return root is null ? last : new RunStore(root);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return last;
        }
    }

    private static async Task WriteAsync<T>(HttpContext context, string name, T value, JsonTypeInfo<T> type)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(value, type)}\n\n", context.RequestAborted).ConfigureAwait(false);
    }
}
