using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Jobs;

/// <summary>
/// A runtime with fast job retries, a scratch folder that job scripts write their traces to, and
/// <c>/bin/sh -c</c> script artifacts. Scripts see the folder as <c>$D</c>.
/// </summary>
internal sealed class JobHarness : IAsyncDisposable
{
    public JobHarness(Func<LocalRuntimeOptions, LocalRuntimeOptions>? configure = null, Core.Discovery.IGatewayAddress? gatewayAddress = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "strata-local-tests", Guid.NewGuid().ToString("N"));
        Scratch = Path.Combine(DataDirectory, "scratch");
        Directory.CreateDirectory(Scratch);
        var options = new LocalRuntimeOptions
        {
            DataDirectory = DataDirectory,
            ReadyTimeout = TimeSpan.FromSeconds(20),
            DrainTimeout = TimeSpan.FromSeconds(2),
            JobRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        Runtime = new LocalRuntime(configure?.Invoke(options) ?? options, NullLoggerFactory.Instance, gatewayAddress: gatewayAddress);
    }

    public string DataDirectory { get; }

    public string Scratch { get; }

    public LocalRuntime Runtime { get; }

    public JobWorkload Job(string script, int completions = 1, int parallelism = 1, int backoffLimit = 0, int? deadlineSeconds = null, string name = "work") => new()
    {
        Name = name,
        Artifact = new Artifact { Directory = Scratch, Command = ["/bin/sh", "-c", script] },
        Completions = completions,
        Parallelism = parallelism,
        BackoffLimit = backoffLimit,
        ActiveDeadlineSeconds = deadlineSeconds,
        Env = new Dictionary<string, string> { ["D"] = Scratch },
    };

    public async Task<ApplyResult> ApplyAsync(int revision, params JobWorkload[] jobs) =>
        await ApplyAsync(revision, new WorkloadSet { Jobs = jobs });

    public async Task<ApplyResult> ApplyAsync(int revision, WorkloadSet workloads)
    {
        var result = await Runtime.ApplyAsync(RuntimeHarness.Revision(revision), workloads, RuntimeHarness.Timeout(60));
        Assert.True(result.Succeeded, result.Message);
        return result;
    }

    public async Task<JobStatus> JobAsync(string name = "work") =>
        Assert.Single((await Runtime.GetStatusAsync(RuntimeHarness.App, RuntimeHarness.Timeout())).Jobs, j => j.Name == name);

    /// <summary>Waits until the job is in <paramref name="state"/>; fails with its last status after <paramref name="seconds"/>.</summary>
    public async Task<JobStatus> WaitForStateAsync(string state, int seconds = 20, string name = "work")
    {
        JobStatus? last = null;
        await RuntimeHarness.EventuallyAsync(async () => (last = await JobAsync(name)).State == state, seconds, $"job {name} {state}; last seen {last}");
        return last!;
    }

    /// <summary>The lines of a trace file the scripts wrote; empty when it does not exist yet.</summary>
    public string[] Lines(string file)
    {
        var path = Path.Combine(Scratch, file);
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];
    }

    /// <summary>The pids scripts wrote to files named <paramref name="prefix"/>*.</summary>
    public IReadOnlyList<int> Pids(string prefix) =>
        [.. Directory.EnumerateFiles(Scratch, prefix + "*").Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture))];

    public static async Task AllGoneAsync(IReadOnlyList<int> pids, int seconds) =>
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(!pids.Any(IsAlive)), seconds, $"processes {string.Join(", ", pids)} gone");

    // A killed orphan may stay a zombie of an init that does not reap; a zombie runs nothing.
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
