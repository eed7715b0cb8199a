using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Storage;
using Strata.Verticals.Simulation.Mapping;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Api;

/// <summary>Finds an app's results, a run and a task for a request, or answers the request with the problem.</summary>
internal static class RunLookup
{
    public static async Task<RunStore?> StoreAsync(HttpContext context, string app)
    {
        var volumes = context.RequestServices.GetRequiredService<IAppVolumes>();
        var root = await volumes.GetHostPathAsync(app, SimulationMapping.ResultsVolume, context.RequestAborted).ConfigureAwait(false);
        if (root is null)
        {
            await ApiResponses.NotFoundAsync(context,
                $"No results of simulation app '{app}' on this host: no such app, not deployed yet, or it runs on a cluster (its results are in the PersistentVolumeClaim '{app}-{SimulationMapping.ResultsVolume}').").ConfigureAwait(false);
        }

        return root is null ? null : new RunStore(root);
    }

    public static async Task<(RunStore Store, RunRecord Run)?> RunAsync(HttpContext context, string app, string run)
    {
        if (!RunStore.IsRunId(run))
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["run"] = [$"must be a run id, run-<revision> (e.g. run-3), not '{run}'."] }).ConfigureAwait(false);
            return null;
        }

        if (await StoreAsync(context, app).ConfigureAwait(false) is not { } store)
        {
            return null;
        }

        if (store.Read(run) is not { } record)
        {
            await ApiResponses.NotFoundAsync(context, $"Run '{run}' of app '{app}' has not started: no task of it has written its run.json. List runs with GET /v/simulation/{app}/runs.").ConfigureAwait(false);
            return null;
        }

        return (store, record);
    }

    public static async Task<(RunStore Store, RunRecord Run, TaskRecord Task)?> TaskAsync(HttpContext context, string app, string run, string index)
    {
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            await ApiResponses.InvalidAsync(context, new Dictionary<string, string[]> { ["task"] = [$"must be a task index (0, 1, …), not '{index}'."] }).ConfigureAwait(false);
            return null;
        }

        if (await RunAsync(context, app, run).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        if (number >= found.Run.TaskCount)
        {
            await ApiResponses.NotFoundAsync(context, $"Run '{run}' has tasks 0 to {found.Run.TaskCount - 1}; there is no task {number}.").ConfigureAwait(false);
            return null;
        }

        return (found.Store, found.Run, found.Run.Tasks[number]);
    }
}
