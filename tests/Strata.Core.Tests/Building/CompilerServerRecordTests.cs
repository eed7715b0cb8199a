using System.Diagnostics;
using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

/// <summary>
/// A host killed with SIGKILL leaves its compiler server running; the next host on the same data folder
/// kills it from the record, and leaves alone a process that only has the recorded pid. Real processes:
/// the SDK's VBCSCompiler and <c>sleep</c>.
/// </summary>
public sealed class CompilerServerRecordTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string RecordPath => _data.Combine("compiler-server.pid");

    [SkippableFact]
    public async Task A_server_its_host_did_not_stop_is_killed_by_the_next_host_from_the_record()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads processes in /proc");
        // The killed host's server: started and recorded, never shut down.
        var abandoned = new CompilerServer(NewId()) { Record = new CompilerServerRecord(RecordPath) };
        try
        {
            await abandoned.EnsureStartedAsync(_data.Path, CancellationToken.None);
            await WaitUntilAsync(() => abandoned.FindProcesses().Count == 1);
            var pid = Assert.Single(abandoned.FindProcesses());
            Assert.StartsWith($"{pid} ", File.ReadAllText(RecordPath), StringComparison.Ordinal);
            Assert.EndsWith($" {abandoned.Id}\n", File.ReadAllText(RecordPath), StringComparison.Ordinal);

            // The next host knows only the data folder.
            var reaped = new CompilerServerRecord(RecordPath).ReapLeftover();

            Assert.Equal((abandoned.Id, pid), reaped);
            await WaitUntilAsync(() => abandoned.FindProcesses().Count == 0);
            Assert.False(File.Exists(RecordPath));
        }
        finally
        {
            await abandoned.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task The_record_is_removed_when_the_server_is_shut_down()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads processes in /proc");
        var server = new CompilerServer(NewId()) { Record = new CompilerServerRecord(RecordPath) };
        try
        {
            await server.EnsureStartedAsync(_data.Path, CancellationToken.None);
            await WaitUntilAsync(() => server.FindProcesses().Count == 1);
            Assert.True(File.Exists(RecordPath));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Empty(server.FindProcesses());
        Assert.False(File.Exists(RecordPath));
        Assert.Null(new CompilerServerRecord(RecordPath).ReapLeftover());
    }

    [SkippableFact]
    public void A_recorded_pid_that_now_belongs_to_an_unrelated_process_is_left_alone()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads processes in /proc");
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", ["60"]) { UseShellExecute = false })!;
        try
        {
            // The pid was reused: the record even has the new process's start time.
            var record = new CompilerServerRecord(RecordPath);
            record.Write(NewId(), unrelated.Id);
            Assert.True(File.Exists(RecordPath));

            Assert.Null(record.ReapLeftover());

            Assert.False(unrelated.WaitForExit(TimeSpan.FromMilliseconds(200)));
            Assert.False(File.Exists(RecordPath));
        }
        finally
        {
            Kill(unrelated);
        }
    }

    [SkippableFact]
    public async Task Another_hosts_server_and_a_server_started_after_the_record_are_left_alone()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads processes in /proc");
        var id = NewId();
        using var other = CompilerServerTests.StartServer(NewId());
        using var same = CompilerServerTests.StartServer(id);
        try
        {
            var record = new CompilerServerRecord(RecordPath);

            // At the recorded pid, a compiler server with another pipe name: another host's.
            record.Write(id, other.Id);
            Assert.Null(record.ReapLeftover());

            // At the recorded pid, a server with the recorded pipe name but another start time: not the recorded process.
            record.Write(id, same.Id);
            var parts = File.ReadAllText(RecordPath).Split(' ');
            File.WriteAllText(RecordPath, $"{parts[0]} {long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) - 1} {parts[2]}");
            Assert.Null(record.ReapLeftover());

            await Task.Delay(200);
            Assert.False(other.HasExited);
            Assert.False(same.HasExited);
            Assert.False(File.Exists(RecordPath));
        }
        finally
        {
            Kill(other);
            Kill(same);
        }
    }

    private static string NewId() => "strata-test-" + Guid.NewGuid().ToString("n")[..8];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
