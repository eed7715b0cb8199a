using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strata.Deployment;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Verticals.Simulation.Mapping;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Api;

/// <summary>
/// The vertical's API, mounted at <c>/v/simulation</c>: runs, their progress, cancel, results, pictures and
/// comparisons, read from each app's results volume. Handlers take only <see cref="HttpContext"/> and BCL
/// types and write JSON through <see cref="SimulationJsonContext"/>, so the plugin can be unloaded.
/// A run starts by deploying the app with a <c>spec.run</c> (see docs/verticals/simulation.md).
/// </summary>
internal static class SimulationApi
{

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/{app}/runs", RunSubmission.SubmitAsync).WithName("SubmitSimulationRun")
            .WithSummary("Starts a run: the body is a spec.run ({ parameters } or { sweep: { grid | random } }, parallelism); the serving revision is deployed again with it.");
        group.MapGet("/{app}/runs", ListAsync).WithName("ListSimulationRuns")
            .WithSummary("The app's runs, newest first: state, percent and task counts.");
        group.MapGet("/{app}/runs/{run}", GetAsync).WithName("GetSimulationRun")
            .WithSummary("One run with each task: state, percent, parameters.");
        group.MapGet("/{app}/runs/{run}/progress", ProgressStream.StreamAsync).WithName("StreamSimulationProgress")
            .WithSummary("Server-sent events: 'progress' per task change, 'run' for the run; ends when the run settles.");
        group.MapPost("/{app}/runs/{run}/cancel", CancelAsync).WithName("CancelSimulationRun")
            .WithSummary("Cancels a run: it is marked cancelled, tasks not started do not run, running ones stop.");
        ResultEndpoints.Map(group);
    }

    public static RunInfo ToInfo(RunRecord run)
    {
        var definition = run.Definition;
        int Count(string state) => run.Tasks.Count(t => t.State == state);
        return new RunInfo(
            run.Id,
            definition.GetProperty("revision").GetInt32(),
            definition.TryGetProperty("label", out var label) ? label.GetString() ?? "" : "",
            definition.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "" : "",
            run.State,
            run.Percent,
            run.TaskCount,
            definition.TryGetProperty("parallelism", out var parallelism) ? parallelism.GetInt32() : 1,
            Count(RunState.Succeeded),
            Count(RunState.Failed),
            Count(RunState.Cancelled),
            Count(RunState.Running),
            Count(RunState.Pending),
            definition.TryGetProperty("varied", out var varied) ? [.. varied.EnumerateArray().Select(v => v.GetString() ?? "")] : []);
    }

    public static JsonElement Parameters(RunRecord run, int index)
        => run.Definition.TryGetProperty("parameterSets", out var sets) && sets.ValueKind == JsonValueKind.Array && index < sets.GetArrayLength()
            ? sets[index].Clone()
            : EmptyObject;

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private static async Task ListAsync(HttpContext context, string app)
    {
        if (await RunLookup.StoreAsync(context, app).ConfigureAwait(false) is { } store)
        {
            await ApiResponses.JsonAsync(context, [.. store.List().Select(ToInfo)], SimulationJsonContext.Default.IReadOnlyListRunInfo).ConfigureAwait(false);
        }
    }

    private static async Task GetAsync(HttpContext context, string app, string run)
    {
        if (await RunLookup.RunAsync(context, app, run).ConfigureAwait(false) is { } found)
        {
            await ApiResponses.JsonAsync(context, Detail(found.Run), SimulationJsonContext.Default.RunDetail).ConfigureAwait(false);
        }
    }

    private static RunDetail Detail(RunRecord run)
        => new(ToInfo(run), [.. run.Tasks.Select(t => new TaskInfo(t.Index, t.State, t.Percent, t.Message, t.HasResults, Parameters(run, t.Index)))]);

    private static async Task CancelAsync(HttpContext context, string app, string run)
    {
        if (await RunLookup.RunAsync(context, app, run).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        if (found.Run.State is RunState.Succeeded or RunState.Failed)
        {
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run finished", detail: $"Run '{run}' of app '{app}' has already {found.Run.State}; there is nothing to cancel.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // First the host stops the job (running tasks get SIGTERM and say 'cancelled', no more start), then the
        // mark: what makes the run 'cancelled' here, and what stops its tasks where the host could not (an
        // earlier revision's run, a host that did not answer): running ones at their next percent, new ones at once.
        var (stopped, message) = found.Run.State == RunState.Cancelled
            ? (false, "the run was already cancelled")
            : await StopJobAsync(context, app, ToInfo(found.Run).Revision).ConfigureAwait(false);
        found.Store.MarkCancelled(run);
        var marked = found.Store.Read(run)!;
        await ApiResponses.JsonAsync(context, new CancelInfo(ToInfo(marked), stopped, message), SimulationJsonContext.Default.CancelInfo, StatusCodes.Status202Accepted).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the host to stop the app's job too, so its processes end now and the job shows Cancelled
    /// (through <see cref="IAppControl"/>); when it cannot, the cancel mark alone still stops the tasks.
    /// </summary>
    private static async Task<(bool Stopped, string Message)> StopJobAsync(HttpContext context, string app, int revision)
    {
        var control = context.RequestServices.GetRequiredService<IAppControl>();

        // The host's job 'run' is the serving revision's: stop it only when that is this run.
        if (await control.GetServingRevisionAsync(app, context.RequestAborted).ConfigureAwait(false) != revision)
        {
            return (false, $"revision {revision} of the run is not the one serving; the tasks stop at the cancel mark");
        }

        return await control.CancelJobAsync(app, SimulationMapping.JobName, context.RequestAborted).ConfigureAwait(false)
            ? (true, "the host stopped the run's job")
            : (false, "the job is not running; the tasks stop at the cancel mark");
    }
}
