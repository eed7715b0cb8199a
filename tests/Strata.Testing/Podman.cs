using System.Diagnostics;

namespace Strata.Testing;

/// <summary>Whether podman can run containers on this machine, and why not.</summary>
public static class Podman
{
    private static readonly Lazy<string?> Probe = new(ProbeOnce);

    /// <summary>Why containers cannot run here, or null when podman is installed.</summary>
    public static string? Unavailable => Probe.Value;

    private static string? ProbeOnce()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("podman", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return "podman --version did not answer within 30 s.";
            }

            return process.ExitCode == 0 ? null : $"podman --version exited with {process.ExitCode}: {process.StandardError.ReadToEnd().Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"podman is not installed ({ex.Message}); eng/setup.sh installs it (apt: podman runc) when it runs as root.";
        }
    }
}
