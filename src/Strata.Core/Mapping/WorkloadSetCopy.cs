using Strata.Workloads;

namespace Strata.Core.Mapping;

/// <summary>
/// Copies what a vertical returned into collections the host owns. A plugin's collection expressions
/// (<c>Routes = [route]</c>) are compiler-made types defined in the plugin's assembly; kept by the runtime
/// or the gateway, they would pin the plugin's load context so that an update or removal never frees it.
/// </summary>
public static class WorkloadSetCopy
{
    /// <summary>A copy of <paramref name="set"/> whose lists and dictionaries are all host-owned.</summary>
    public static WorkloadSet Detach(WorkloadSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set with
        {
            Services = [.. set.Services.Select(s => s with
            {
                Artifact = Detach(s.Artifact), Args = [.. s.Args], Ports = [.. s.Ports], Env = Copy(s.Env), EnvFrom = [.. s.EnvFrom], Volumes = [.. s.Volumes],
            })],
            Jobs = [.. set.Jobs.Select(j => j with { Artifact = Detach(j.Artifact), Args = [.. j.Args], Env = Copy(j.Env), EnvFrom = [.. j.EnvFrom], Volumes = [.. j.Volumes] })],
            Routes = [.. set.Routes],
            Config = [.. set.Config.Select(c => c with { Data = Copy(c.Data) })],
            Secrets = [.. set.Secrets.Select(s => s with { Data = Copy(s.Data) })],
            Volumes = [.. set.Volumes],
            Schedules = [.. set.Schedules.Select(s => s with { Headers = Copy(s.Headers) })],
            SharedServices = [.. set.SharedServices],
        };
    }

    /// <summary>A copy of <paramref name="artifact"/> with a host-owned command list.</summary>
    public static Artifact Detach(Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return artifact with { Command = [.. artifact.Command] };
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> values) => new(values, StringComparer.Ordinal);
}
