using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Strata.Runtime.Local.Processes;

/// <summary>
/// Asks a process to stop. .NET has no API for SIGTERM (Process.Kill sends SIGKILL), and SIGTERM is
/// what lets a web server finish its in-flight requests, so it comes from libc.
/// </summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; where there are no signals (Windows) the process is killed instead.</summary>
    /// <returns>False when the process was already gone.</returns>
    public static bool Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            return TryKill(process, entireProcessTree: false);
        }

        return Kill(process.Id, SigTerm) == 0;
    }

    /// <summary>Kills the process (and, when asked, its children), ignoring a process that is already gone.</summary>
    public static bool TryKill(Process process, bool entireProcessTree)
    {
        try
        {
            process.Kill(entireProcessTree);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
