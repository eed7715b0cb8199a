using System.Diagnostics;
using System.Globalization;
using Strata.Core.Processes;
using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Processes;

/// <summary>
/// One file per running replica process (<c>pids/&lt;replica&gt;.pid</c>: pid and start time), so that
/// a host that starts after a crashed one can stop the processes it left behind.
/// </summary>
internal static class PidFiles
{
    /// <summary>Records a started process; does nothing where start times cannot be read.</summary>
    public static void Write(string path, int pid)
    {
        if (ProcStat.StartTime(pid) is not { } startTime)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{pid} {startTime}\n"));
    }

    /// <summary>Removes a pid file, if there is one.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another host may be cleaning up too; a left file is harmless, it is checked before use.
        }
    }

    /// <summary>
    /// Kills every process recorded in <paramref name="directory"/> that still runs with the recorded
    /// start time, and removes the files. A pid that now belongs to another process is left alone.
    /// </summary>
    /// <returns>How many processes were killed.</returns>
    public static int KillLeftovers(string directory, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var killed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.pid"))
        {
            if (TryRead(file) is { } recorded
                && ProcStat.StartTime(recorded.Pid) == recorded.StartTime
                && TryKill(recorded.Pid))
            {
                logger.LeftoverKilled(recorded.Pid, Path.GetFileNameWithoutExtension(file));
                killed++;
            }
            else
            {
                logger.LeftoverGone(file);
            }

            Delete(file);
        }

        return killed;
    }

    private static (int Pid, long StartTime)? TryRead(string file)
    {
        try
        {
            var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2
                   && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
                ? (pid, startTime)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
