using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Limits;

public sealed class ResourceLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_memory_limit_is_enforced_with_a_cgroup_or_the_status_says_why_not()
    {
        await using var harness = new RuntimeHarness();
        var workloads = RuntimeHarness.Service(s => s with { Resources = new ResourceRequirements { MemoryLimit = "256Mi", CpuLimit = "500m" } });
        Assert.True((await harness.ApplyAsync(1, workloads)).Succeeded);
        var web = await harness.WebStatusAsync();
        var replica = Assert.Single(web.Replicas);

        var memoryNote = web.Notes.FirstOrDefault(n => n.StartsWith("memory limit 256Mi not enforced: ", StringComparison.Ordinal));
        output.WriteLine(memoryNote ?? "memory limit enforced with a cgroup");
        if (memoryNote is null)
        {
            // Enforced: the replica's process sits in its own group with the limit written.
            var group = CgroupOf(replica.ProcessId!.Value, "memory");
            Assert.EndsWith("/" + replica.Id, group.Path, StringComparison.Ordinal);
            var limitFile = group.Version == 1 ? "memory.limit_in_bytes" : "memory.max";
            Assert.Equal("268435456", File.ReadAllText(Path.Combine(group.Directory, limitFile)).Trim());
            // Moved in after it started, a .NET process is told what it would have read in a container: 75 % of the limit, in hex.
            Assert.Equal("c000000", EnvironmentOf(replica.ProcessId!.Value).GetValueOrDefault("DOTNET_GCHeapHardLimit"));
        }

        var cpuNote = web.Notes.FirstOrDefault(n => n.StartsWith("CPU limit 500m not enforced: ", StringComparison.Ordinal));
        output.WriteLine(cpuNote ?? "CPU limit enforced with a cgroup");
        if (cpuNote is null)
        {
            var group = CgroupOf(replica.ProcessId!.Value, "cpu");
            Assert.EndsWith("/" + replica.Id, group.Path, StringComparison.Ordinal);
            var quota = group.Version == 1 ? File.ReadAllText(Path.Combine(group.Directory, "cpu.cfs_quota_us")).Trim() : File.ReadAllText(Path.Combine(group.Directory, "cpu.max")).Split(' ')[0];
            Assert.Equal("50000", quota);
            Assert.Equal("1", EnvironmentOf(replica.ProcessId!.Value).GetValueOrDefault("DOTNET_PROCESSOR_COUNT"));
        }
    }

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    // Where /proc/<pid>/cgroup puts the process for a controller: the v1 hierarchy of that
    // controller when there is one, otherwise the unified one.
    private static (int Version, string Path, string Directory) CgroupOf(int pid, string controller)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).ToList();
        var v1 = lines.FirstOrDefault(p => p[1].Split(',').Contains(controller));
        if (v1 is not null)
        {
            var mount = System.IO.Directory.GetDirectories("/sys/fs/cgroup").First(d => Path.GetFileName(d).Split(',').Contains(controller));
            return (1, v1[2], mount + v1[2]);
        }

        var v2 = lines.Single(p => p[1].Length == 0);
        return (2, v2[2], "/sys/fs/cgroup" + v2[2]);
    }
}
