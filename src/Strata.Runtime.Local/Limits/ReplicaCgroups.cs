using System.Globalization;
using Strata.Workloads;

namespace Strata.Runtime.Local.Limits;

/// <summary>
/// The cgroups of one replica: made when its first process starts, given the memory and CPU limits,
/// and each process of the replica is moved in. The process runs briefly before it is moved; what it
/// allocated in that moment is not charged, which is fine for a limit meant to stop runaway growth.
/// </summary>
internal sealed class ReplicaCgroups(CgroupSupport support, string replicaId, long? memoryBytes, long? cpuMillicores)
{
    private const long CpuPeriodMicroseconds = 100_000;

    // The runtime's own floor for a heap hard limit taken from a container's memory limit.
    private const long MinimumHeapBytes = 20L * 1024 * 1024;

    /// <summary>The groups for a replica whose service has limits this runtime can enforce; null otherwise.</summary>
    public static ReplicaCgroups? For(CgroupSupport support, ResourceRequirements? resources, string replicaId)
    {
        long? memory = support.Memory is not null && ResourceQuantity.TryParseBytes(resources?.MemoryLimit ?? resources?.Memory, out var bytes) ? bytes : null;
        long? cpu = support.Cpu is not null && ResourceQuantity.TryParseMillicores(resources?.CpuLimit, out var millicores) ? millicores : null;
        return memory is null && cpu is null ? null : new ReplicaCgroups(support, replicaId, memory, cpu);
    }

    /// <summary>
    /// <paramref name="environment"/> plus what a .NET process would have read from its cgroup had it
    /// started inside it, as it would in a container: a process moved into its groups after it started
    /// has sized its GC heap and counted its processors already. <c>DOTNET_GCHeapHardLimit</c> is 75 %
    /// of the memory limit (the runtime's own default in a container) and <c>DOTNET_PROCESSOR_COUNT</c>
    /// the CPU limit rounded up; a value the app sets itself is kept. Other programs ignore both.
    /// </summary>
    public IReadOnlyDictionary<string, string> RuntimeHints(IReadOnlyDictionary<string, string> environment)
    {
        var hinted = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        if (memoryBytes is { } bytes && support.Memory is not null)
        {
            hinted.TryAdd("DOTNET_GCHeapHardLimit", Math.Max(bytes / 4 * 3, MinimumHeapBytes).ToString("x", CultureInfo.InvariantCulture));
        }

        if (cpuMillicores is { } millicores && support.Cpu is not null)
        {
            hinted.TryAdd("DOTNET_PROCESSOR_COUNT", Math.Max(1, (millicores + 999) / 1000).ToString(CultureInfo.InvariantCulture));
        }

        return hinted;
    }

    /// <summary>Puts process <paramref name="pid"/> under the limits; returns why not when it cannot.</summary>
    public string? Apply(int pid)
    {
        var id = pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (memoryBytes is { } bytes && support.Memory is { } memory)
            {
                var group = Create(memory);
                File.WriteAllText(Path.Combine(group, memory.Version == 1 ? "memory.limit_in_bytes" : "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(group, "cgroup.procs"), id);
            }

            if (cpuMillicores is { } millicores && support.Cpu is { } cpu)
            {
                var group = Create(cpu);
                var quota = (millicores * CpuPeriodMicroseconds / 1000).ToString(CultureInfo.InvariantCulture);
                if (cpu.Version == 1)
                {
                    File.WriteAllText(Path.Combine(group, "cpu.cfs_period_us"), CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                    File.WriteAllText(Path.Combine(group, "cpu.cfs_quota_us"), quota);
                }
                else
                {
                    File.WriteAllText(Path.Combine(group, "cpu.max"), $"{quota} {CpuPeriodMicroseconds}");
                }

                File.WriteAllText(Path.Combine(group, "cgroup.procs"), id);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"limits not enforced for replica {replicaId}: {ex.Message}";
        }
    }

    /// <summary>Removes the groups once the replica's processes are gone.</summary>
    public void Delete()
    {
        foreach (var controller in new[] { support.Memory, support.Cpu }.OfType<CgroupController>().Distinct())
        {
            CgroupSupport.TryRemove(Path.Combine(controller.Parent, replicaId));
        }
    }

    private string Create(CgroupController controller) =>
        Directory.CreateDirectory(Path.Combine(controller.Parent, replicaId)).FullName;
}
