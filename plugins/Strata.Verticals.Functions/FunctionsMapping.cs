using System.Globalization;
using Strata.Policy;
using Strata.Workloads;

namespace Strata.Verticals.Functions;

/// <summary>
/// Maps a function app, by <c>spec.mode</c>: <c>dedicated</c> onto one service workload (a functions worker
/// of the app's own, serving its function from the artifact's <c>functions/</c> folder) and one route;
/// <c>shared</c> onto a route to the pool app's worker (a <see cref="SharedService"/> that contributes the
/// function's folder to it); <c>pool</c> onto a worker with no function of its own. A scheduled request
/// when <c>spec.schedule</c> makes it a timer function. Pure.
/// </summary>
internal static class FunctionsMapping
{
    /// <summary>The name of the service workload that runs the function.</summary>
    public const string ServiceName = "fn";

    /// <summary>The health path the functions worker answers.</summary>
    public const string HealthPath = "/_strata/healthz";

    /// <summary>What a function worker asks for and may use at most, unless the app's <c>caas.resources</c> says otherwise.</summary>
    public static ResourceRequirements WorkerResources { get; } = new() { Cpu = "50m", Memory = "128Mi", MemoryLimit = "256Mi" };

    /// <summary>
    /// The functions namespace on a cluster: functions are small, so a container that asks for nothing
    /// gets a small share; the namespace has a ceiling so that a flood of apps cannot take the cluster;
    /// functions are reached through the ingress and each other only.
    /// </summary>
    public static ClusterPolicy Policy { get; } = new()
    {
        Quota = new NamespaceQuota { RequestsCpu = "8", RequestsMemory = "16Gi", LimitsMemory = "32Gi", Pods = 200 },
        ContainerDefaults = WorkerResources,
        IsolateNetwork = true,
    };

    /// <summary>What a pool asks for and may use at most: it holds many functions (~100 KB each loaded).</summary>
    public static ResourceRequirements PoolResources { get; } = new() { Cpu = "100m", Memory = "256Mi", MemoryLimit = "1Gi" };

    public static WorkloadSet Map(AppRevision revision)
    {
        var spec = FunctionSpec.Parse(revision.Manifest.Spec);
        var app = revision.Manifest.Name;
        var schedules = spec.Schedule is null ? (IReadOnlyList<ScheduledRequest>)[] : [FunctionSchedule.Request(app, spec)];
        var route = new Route { Name = "http", Service = ServiceName, PathPrefix = "/" };
        if (spec.IsPool)
        {
            // No function of its own and no route: its functions are the shared apps', each reached
            // under its own app's path. The worker reads them from the runtime's contributions folder.
            return new WorkloadSet { Services = [Worker(revision, PoolResources, new Dictionary<string, string>())] };
        }

        if (spec.Mode == FunctionSpec.Shared)
        {
            return new WorkloadSet
            {
                // The pool's worker serves this app's requests (it tells functions apart by X-Forwarded-Prefix
                // or X-Strata-Function) and loads the function from the folder this revision contributes.
                SharedServices =
                [
                    new SharedService
                    {
                        Name = ServiceName,
                        App = spec.Pool,
                        Service = ServiceName,
                        Contribution = $"{FunctionPackageStep.FunctionsFolder}/{app}",
                    },
                ],
                Routes = [route],
                Schedules = schedules,
            };
        }

        var service = Worker(revision, WorkerResources, new Dictionary<string, string>
        {
            // Relative to the artifact folder, the worker's working directory (on Local and in the image).
            ["STRATA_FUNCTIONS_DIR"] = FunctionPackageStep.FunctionsFolder,
            // A dedicated worker: requests that name no function (the vertical's invoke API, discovery) are the app's.
            ["Strata__Functions__DefaultFunction"] = app,
            // For the eye (status, render): the worker itself reads them from function.json.
            ["FUNCTION_HANDLER"] = spec.Handler,
            ["FUNCTION_TIMEOUT_SECONDS"] = spec.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        });
        return new WorkloadSet
        {
            Services = [service],
            Routes = [route],
            Schedules = schedules,
        };
    }

    private static ServiceWorkload Worker(AppRevision revision, ResourceRequirements resources, Dictionary<string, string> env) => new()
    {
        Name = ServiceName,
        Artifact = revision.DefaultArtifact,
        Readiness = new HttpProbe(HealthPath) { PeriodSeconds = 5 },
        Liveness = new HttpProbe(HealthPath) { PeriodSeconds = 10, InitialDelaySeconds = 5 },
        // The memory cap per worker, on both runtimes (cgroups on Local, the container's limit on a
        // cluster); .NET sizes its heap limit from it. An app changes it with caas.resources.
        Resources = resources,
        Env = env,
    };
}
