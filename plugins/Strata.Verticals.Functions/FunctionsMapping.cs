using System.Globalization;
using Strata.Policy;
using Strata.Workloads;

namespace Strata.Verticals.Functions;

/// <summary>
/// Maps a function app onto one service workload (a functions worker dedicated to the app, serving
/// its function from the artifact's <c>functions/</c> folder), one route, and a scheduled request when
/// <c>spec.schedule</c> makes it a timer function. Pure.
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

    public static WorkloadSet Map(AppRevision revision)
    {
        var spec = FunctionSpec.Parse(revision.Manifest.Spec);
        var service = new ServiceWorkload
        {
            Name = ServiceName,
            Artifact = revision.DefaultArtifact,
            Readiness = new HttpProbe(HealthPath) { PeriodSeconds = 5 },
            Liveness = new HttpProbe(HealthPath) { PeriodSeconds = 10, InitialDelaySeconds = 5 },
            // The memory cap per worker, on both runtimes (cgroups on Local, the container's limit on a
            // cluster); .NET sizes its heap limit from it. An app changes it with caas.resources.
            Resources = WorkerResources,
            Env = new Dictionary<string, string>
            {
                // Relative to the artifact folder, the worker's working directory (on Local and in the image).
                ["STRATA_FUNCTIONS_DIR"] = FunctionPackageStep.FunctionsFolder,
                // A dedicated worker: requests that name no function (the vertical's invoke API, discovery) are the app's.
                ["Strata__Functions__DefaultFunction"] = revision.Manifest.Name,
                // For the eye (status, render): the worker itself reads them from function.json.
                ["FUNCTION_HANDLER"] = spec.Handler,
                ["FUNCTION_TIMEOUT_SECONDS"] = spec.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            },
        };
        return new WorkloadSet
        {
            Services = [service],
            Routes = [new Route { Name = "http", Service = ServiceName, PathPrefix = "/" }],
            Schedules = spec.Schedule is null ? [] : [FunctionSchedule.Request(revision.Manifest.Name, spec)],
        };
    }
}
