using Strata.Core.Discovery;
using Strata.Manifest;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Mapping;

/// <summary>
/// Applies the shared <c>caas:</c> section of <c>strata.yaml</c> to what a vertical mapped, and checks
/// a mapped set before the host hands it to a runtime. Pure: no I/O, inputs are never changed.
/// </summary>
public static class WorkloadSetOverrides
{
    /// <summary>
    /// Returns <paramref name="set"/> with <paramref name="caas"/> applied. Services get its replicas,
    /// autoscale bounds, resources and env; jobs get its resources and env. What the user set wins over
    /// what the vertical mapped; what the user left unset keeps the vertical's value.
    /// </summary>
    /// <param name="set">The vertical's workload set.</param>
    /// <param name="caas">The app's overrides.</param>
    public static WorkloadSet Apply(WorkloadSet set, CaasOverrides caas)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(caas);

        return set with
        {
            Services = [.. set.Services.Select(service => Apply(service, caas))],
            Jobs = [.. set.Jobs.Select(job => job with
            {
                Resources = Merge(job.Resources, caas.Resources),
                Env = Merge(job.Env, caas.Env),
            })],
        };
    }

    /// <summary>
    /// Checks what a vertical mapped: names are DNS labels unique per kind, routes point at existing
    /// services and ports with a path prefix starting with '/', counts are in range, ports are
    /// 1–65535 with unique names. Returns every problem, with paths such as <c>services[0].name</c>.
    /// </summary>
    /// <param name="set">The mapped set.</param>
    public static IReadOnlyList<ValidationProblem> Check(WorkloadSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new WorkloadSetChecker(set).Run();
    }

    /// <summary>
    /// Checks <c>caas.uses</c> against what the vertical mapped: an app used under the name of one of the
    /// app's own services would need that service's discovery key (<c>services__&lt;name&gt;__http__0</c>).
    /// Returns a problem per such entry, with its path (<c>caas.uses[0]</c>).
    /// </summary>
    /// <param name="set">The mapped set.</param>
    /// <param name="caas">The app's overrides.</param>
    public static IReadOnlyList<ValidationProblem> CheckUses(WorkloadSet set, CaasOverrides caas)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(caas);
        var ownKeys = set.Services
            .SelectMany(service => service.Ports.Select(port => (Key: DiscoveryEnvironment.ServiceKey(service.Name, port.Name), Service: service.Name)))
            .ToLookup(entry => entry.Key, entry => entry.Service, StringComparer.Ordinal);
        var problems = new List<ValidationProblem>();
        for (var i = 0; i < caas.Uses.Count; i++)
        {
            var key = DiscoveryEnvironment.UsedAppKey(caas.Uses[i]);
            if (ownKeys[key].FirstOrDefault() is { } service)
            {
                problems.Add(new ValidationProblem(
                    $"caas.uses[{i}]",
                    $"'{caas.Uses[i].App}' is also the name of this app's service '{service}', whose address is discovered as {key} already; an app can use another app only under a name none of its own services has"));
            }
        }

        return problems;
    }

    private static ServiceWorkload Apply(ServiceWorkload service, CaasOverrides caas)
    {
        var updated = service with
        {
            Replicas = caas.Replicas ?? service.Replicas,
            Autoscale = caas.Autoscale ?? service.Autoscale,
            Resources = Merge(service.Resources, caas.Resources),
            Env = Merge(service.Env, caas.Env),
        };

        // Autoscale bounds win over a replica count, so a user's "replicas: 2" would silently do
        // nothing on a service the vertical autoscales; a fixed count the user asked for means fixed.
        if (caas.Replicas is not null && caas.Autoscale is null)
        {
            updated = updated with { Autoscale = null };
        }

        return updated;
    }

    // Field by field: "resources: { cpu: 1 }" should not drop the memory the vertical asked for.
    private static ResourceRequirements? Merge(ResourceRequirements? mapped, ResourceRequirements? user) =>
        (mapped, user) switch
        {
            (_, null) => mapped,
            (null, _) => user,
            _ => new ResourceRequirements
            {
                Cpu = user.Cpu ?? mapped.Cpu,
                Memory = user.Memory ?? mapped.Memory,
                CpuLimit = user.CpuLimit ?? mapped.CpuLimit,
                MemoryLimit = user.MemoryLimit ?? mapped.MemoryLimit,
            },
        };

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> mapped, IReadOnlyDictionary<string, string> user)
    {
        if (user.Count == 0)
        {
            return mapped;
        }

        var merged = new Dictionary<string, string>(mapped, StringComparer.Ordinal);
        foreach (var (key, value) in user)
        {
            merged[key] = value;
        }

        return merged;
    }
}
