using System.Globalization;

namespace Strata.Runtime.Local.Limits;

/// <summary>
/// What this process may do with cgroups, found once when the runtime starts: for memory and for CPU
/// either a controller to create replica groups under, or why limits cannot be enforced here.
/// </summary>
internal sealed record CgroupSupport(CgroupController? Memory, string? MemoryProblem, CgroupController? Cpu, string? CpuProblem)
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>No enforcement, for <paramref name="reason"/>.</summary>
    public static CgroupSupport None(string reason) => new(null, reason, null, reason);

    /// <summary>
    /// Looks at <c>/proc/self/cgroup</c> and <c>/sys/fs/cgroup</c>: the unified (v2) hierarchy when it is
    /// mounted there, else the v1 memory and cpu hierarchies; then proves that a child group can be made
    /// and limited by making one and removing it again.
    /// </summary>
    public static CgroupSupport Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return None("cgroups exist only on Linux");
        }

        string[] own;
        try
        {
            own = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return None($"cannot read /proc/self/cgroup ({ex.Message})");
        }

        if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
        {
            var path = OwnPath(own, "");
            var (memory, memoryProblem) = TryV2(path, "memory", "memory.max", "max");
            var (cpu, cpuProblem) = TryV2(path, "cpu", "cpu.max", "max 100000");
            return new CgroupSupport(memory, memoryProblem, cpu, cpuProblem);
        }

        var (m, mp) = TryV1(own, "memory", "memory.limit_in_bytes", long.MaxValue.ToString(CultureInfo.InvariantCulture));
        var (c, cp) = TryV1(own, "cpu", "cpu.cfs_quota_us", "-1");
        return new CgroupSupport(m, mp, c, cp);
    }

    private static (CgroupController?, string?) TryV1(string[] own, string controller, string limitFile, string harmless)
    {
        var mount = Directory.Exists(Root)
            ? Directory.GetDirectories(Root).FirstOrDefault(d => Path.GetFileName(d).Split(',').Contains(controller, StringComparer.Ordinal))
            : null;
        if (mount is null)
        {
            return (null, $"no cgroup v1 {controller} hierarchy under {Root}");
        }

        var path = OwnPath(own, controller);
        var parent = Path.Combine(mount, path.TrimStart('/'));
        return TryCreate(Directory.Exists(parent) ? parent : mount, 1, limitFile, harmless, prepare: null);
    }

    private static (CgroupController?, string?) TryV2(string path, string controller, string limitFile, string harmless)
    {
        var parent = Path.Combine(Root, path.TrimStart('/'));
        return TryCreate(parent, 2, limitFile, harmless, strata =>
        {
            // A v2 group only has the controller's files when its parent delegates the controller.
            var delegated = File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control")).Split(' ', StringSplitOptions.TrimEntries);
            if (!delegated.Contains(controller, StringComparer.Ordinal))
            {
                throw new IOException($"the {controller} controller is not delegated to {parent}");
            }

            File.WriteAllText(Path.Combine(strata, "cgroup.subtree_control"), "+" + controller);
        });
    }

    private static (CgroupController?, string?) TryCreate(string parent, int version, string limitFile, string harmless, Action<string>? prepare)
    {
        var strata = Path.Combine(parent, "strata");
        // Unique per probe: several runtimes in one process (tests) must not remove each other's probe.
        var probe = Path.Combine(strata, $"probe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(strata);
            prepare?.Invoke(strata);
            Directory.CreateDirectory(probe);
            File.WriteAllText(Path.Combine(probe, limitFile), harmless);
            return (new CgroupController(version, strata), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cgroup v{version} at {parent} is not writable for this process ({ex.Message})");
        }
        finally
        {
            TryRemove(probe);
        }
    }

    private static string OwnPath(string[] own, string controller)
    {
        foreach (var line in own)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (controller.Length == 0 ? parts[1].Length == 0 : parts[1].Split(',').Contains(controller, StringComparer.Ordinal)))
            {
                return parts[2];
            }
        }

        return "/";
    }

    /// <summary>Removes an (empty) group; a group that still has a process stays, harmlessly.</summary>
    public static void TryRemove(string group)
    {
        try
        {
            if (Directory.Exists(group))
            {
                Directory.Delete(group);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty leftover group costs nothing.
        }
    }
}
