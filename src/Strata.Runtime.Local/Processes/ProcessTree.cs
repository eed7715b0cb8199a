using System.Diagnostics;
using System.Globalization;
using Strata.Core.Processes;

namespace Strata.Runtime.Local.Processes;

/// <summary>
/// The descendants of a process, read from <c>/proc</c>. A shell script that runs a child does not
/// pass SIGTERM on to it, and once the shell is gone the child is re-parented and out of reach; so a
/// stop snapshots the whole tree first and signals every member, as stopping a container would.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Every live descendant of <paramref name="pid"/> with its start time; empty where there is no <c>/proc</c>.</summary>
    public static IReadOnlyList<(int Pid, long StartTime)> Descendants(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var children = new Dictionary<int, List<(int Pid, long StartTime)>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                || ReadStat(Path.Combine(directory, "stat")) is not { } stat
                || Parse(stat) is not { } parsed)
            {
                continue;
            }

            if (!children.TryGetValue(parsed.Parent, out var list))
            {
                children[parsed.Parent] = list = [];
            }

            list.Add((child, parsed.StartTime));
        }

        var result = new List<(int Pid, long StartTime)>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in children.GetValueOrDefault(parent) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child.Pid);
            }
        }

        return result;
    }

    /// <summary>Parses the parent pid (field 4) and start time (field 22) out of a stat line.</summary>
    public static (int Parent, long StartTime)? Parse(string stat)
    {
        // Field 2 (the command name) may hold spaces and ')', so fields are counted from the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 22 - 3
               && int.TryParse(fields[4 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
               && long.TryParse(fields[22 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
            ? (parent, startTime)
            : null;
    }

    /// <summary>Sends SIGTERM to each process that still runs with its recorded start time.</summary>
    public static void Terminate(IEnumerable<(int Pid, long StartTime)> processes) =>
        ForEachLive(processes, p => ProcessSignals.Terminate(p));

    /// <summary>Kills each process that still runs with its recorded start time.</summary>
    public static void Kill(IEnumerable<(int Pid, long StartTime)> processes) =>
        ForEachLive(processes, p => ProcessSignals.TryKill(p, entireProcessTree: true));

    // Pids are reused: a pid whose start time changed is another process and is left alone.
    private static void ForEachLive(IEnumerable<(int Pid, long StartTime)> processes, Action<Process> action)
    {
        foreach (var (pid, startTime) in processes)
        {
            if (ProcStat.StartTime(pid) != startTime)
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                action(process);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // It ended meanwhile.
            }
        }
    }

    private static string? ReadStat(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
