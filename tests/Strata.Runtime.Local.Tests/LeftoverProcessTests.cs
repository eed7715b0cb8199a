using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core.Processes;
using Strata.Runtime.Local.Processes;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests;

public sealed class LeftoverProcessTests
{
    [Fact]
    public async Task A_new_runtime_kills_what_a_crashed_host_left_running_and_nothing_else()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "strata-local-tests", Guid.NewGuid().ToString("N"));
        var pids = Path.Combine(dataDirectory, "pids");
        Directory.CreateDirectory(pids);

        // What a crashed host leaves: a replica process and its pid file.
        using var leftover = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        PidFiles.Write(Path.Combine(pids, "demo-web-r1-1-abcdef.pid"), leftover.Id);

        // A pid file whose pid now belongs to another process (this one): the start time differs.
        var self = Environment.ProcessId;
        var reused = Path.Combine(pids, "demo-web-r1-2-123456.pid");
        await File.WriteAllTextAsync(reused, string.Create(CultureInfo.InvariantCulture, $"{self} {ProcStat.StartTime(self)!.Value + 1}\n"));
        try
        {
            await using (new LocalRuntime(new LocalRuntimeOptions { DataDirectory = dataDirectory }, NullLoggerFactory.Instance))
            {
                Assert.True(leftover.WaitForExit(TimeSpan.FromSeconds(10)), "the leftover process still runs");
                Assert.Empty(Directory.GetFiles(pids));
                Assert.True(RuntimeHarness.IsRunning(self));
            }
        }
        finally
        {
            if (!leftover.HasExited)
            {
                leftover.Kill();
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
