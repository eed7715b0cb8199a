using System.Diagnostics;
using System.Globalization;
using Strata.Core.Processes;

namespace Strata.Core.Building;

/// <summary>
/// The file in a host's data folder that names the compiler server the host started and has not shut
/// down: <c>&lt;pid&gt; &lt;start time&gt; &lt;pipe name&gt;</c>. A host killed with SIGKILL cannot stop
/// its server, which then idles until the compiler's own timeout; the next host on the same data folder
/// stops it (<see cref="ReapLeftover"/>) before starting its own. Pids are reused, so the process is
/// stopped only while it still runs with the recorded start time (<c>/proc/&lt;pid&gt;/stat</c>) and is a
/// VBCSCompiler with the recorded pipe name. Does nothing where there is no <c>/proc</c>.
/// </summary>
/// <param name="path">The record's file.</param>
public sealed class CompilerServerRecord(string path)
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The record's file.</summary>
    public string Path { get; } = path;

    /// <summary>Records the server process <paramref name="pid"/> with pipe name <paramref name="id"/>, replacing an earlier record.</summary>
    public void Write(string id, int pid)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (ProcStat.StartTime(pid) is not { } startTime)
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.WriteAllText(Path, string.Create(CultureInfo.InvariantCulture, $"{pid} {startTime} {id}\n"));
    }

    /// <summary>Removes the record, if there is one.</summary>
    public void Delete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A left record is harmless: it is checked before use.
        }
    }

    /// <summary>
    /// Kills the recorded server and its process tree when it still runs (the record's process, with its
    /// start time, and a VBCSCompiler with its pipe name), then removes the record. A pid that now belongs
    /// to another process is left alone.
    /// </summary>
    /// <returns>The pipe name and pid of the server killed; null when none was.</returns>
    public (string Id, int Pid)? ReapLeftover()
    {
        if (Read() is not { } recorded)
        {
            Delete();
            return null;
        }

        var killed = ProcStat.StartTime(recorded.Pid) == recorded.StartTime
                     && CompilerServer.IsServer(recorded.Pid, recorded.Id)
                     && TryKill(recorded.Pid);
        Delete();
        return killed ? (recorded.Id, recorded.Pid) : null;
    }

    private (int Pid, long StartTime, string Id)? Read()
    {
        try
        {
            var parts = File.ReadAllText(Path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 3
                   && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
                ? (pid, startTime, parts[2])
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No record (FileNotFoundException is an IOException), or not readable.
            return null;
        }
    }

    private static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(KillTimeout);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It ended meanwhile, or is not ours to kill.
            return false;
        }
    }
}
