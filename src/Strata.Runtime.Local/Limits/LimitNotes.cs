using Strata.Workloads;

namespace Strata.Runtime.Local.Limits;

/// <summary>What a service's status says about resource limits this runtime does not enforce.</summary>
internal static class LimitNotes
{
    /// <summary>One note per limit that is asked for but not enforced, saying why.</summary>
    /// <param name="resources">The service's resources.</param>
    /// <param name="support">What this runtime can do with cgroups for processes.</param>
    /// <param name="container">The replicas are containers: podman enforces the limits, whatever <paramref name="support"/> says.</param>
    public static IReadOnlyList<string> For(ResourceRequirements? resources, CgroupSupport support, bool container = false)
    {
        var notes = new List<string>();
        if ((resources?.MemoryLimit ?? resources?.Memory) is { } memory)
        {
            if (!ResourceQuantity.TryParseBytes(memory, out _))
            {
                notes.Add($"memory limit {memory} not enforced: not a quantity (write it like 256Mi or 1Gi)");
            }
            else if (support.Memory is null && !container)
            {
                notes.Add($"memory limit {memory} not enforced: {support.MemoryProblem}");
            }
        }

        if (resources?.CpuLimit is { } cpu)
        {
            if (!ResourceQuantity.TryParseMillicores(cpu, out _))
            {
                notes.Add($"CPU limit {cpu} not enforced: not a quantity (write it like 500m or 2)");
            }
            else if (support.Cpu is null && !container)
            {
                notes.Add($"CPU limit {cpu} not enforced: {support.CpuProblem}");
            }
        }

        return notes;
    }
}
