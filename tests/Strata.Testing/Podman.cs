using System.Diagnostics;

namespace Strata.Testing;

/// <summary>Whether podman can run containers on this machine, and why not.</summary>
public static class Podman
{
    private static readonly Lazy<string?> Probe = new(ProbeOnce);

    /// <summary>Why containers cannot run here, or null when podman is installed.</summary>
    public static string? Unavailable => Probe.Value;

    /// <summary>Runs podman with <paramref name="args"/> (bounded) and returns its output, stdout then stderr.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return await stdout + await stderr;
    }

    /// <summary>Removes every container whose image is from <paramref name="registry"/> (what a killed test host left), then those images.</summary>
    public static async Task RemoveContainersAndImagesFromAsync(string registry)
    {
        if (Unavailable is not null)
        {
            return;
        }

        var listed = await RunAsync("ps", "--all", "--format", "{{.ID}} {{.Image}}");
        foreach (var line in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1].StartsWith(registry + "/", StringComparison.Ordinal))
            {
                await RunAsync("rm", "--force", "--time", "0", "--ignore", parts[0]);
            }
        }

        // The images pulled from it too: each test registry has its own port, so they would pile up.
        var images = await RunAsync("images", "--format", "{{.ID}} {{.Repository}}");
        foreach (var line in images.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1].StartsWith(registry + "/", StringComparison.Ordinal))
            {
                await RunAsync("rmi", "--force", parts[0]);
            }
        }
    }

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
