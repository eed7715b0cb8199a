using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Processes;

/// <summary>
/// Removes the containers a previous host of the same data folder left running. podman's container
/// monitor is not a child of the host, so killing a crashed host's processes does not stop them.
/// </summary>
internal static class ContainerLeftovers
{
    public static void Remove(ContainerOptions options, string owner, ILogger logger)
    {
        var start = new ProcessStartInfo(options.Podman) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "rm", "--force", "--time", "0", "--filter", $"label={ContainerOptions.OwnerLabel}={owner}" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var removed = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                return;
            }

            var count = removed.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            if (count > 0)
            {
                logger.ContainerLeftoversRemoved(count);
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            logger.ContainerLeftoversFailed(options.Podman, ex.Message);
        }
    }
}
