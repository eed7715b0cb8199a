using Strata.Core.Images;
using Strata.Runtime.Local.Tests.Support;
using Strata.Testing;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Containers;

/// <summary>
/// The Local runtime running a service from its image through podman: the fixture web app is
/// published as a folder image over the seeded .NET base image to a real registry, then run with
/// the same replicas, probes and environment as processes get.
/// </summary>
public sealed class ContainerReplicaTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Replicas_run_from_the_image_by_digest_with_probes_env_limits_and_the_balancer_and_stop_with_the_app()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        Skip.If(Podman.Unavailable is not null, Podman.Unavailable);
        await using var registry = await LocalRegistry.StartAsync();
        using var work = new Strata.Testing.TempDirectory("strata-container-replicas");
        try
        {
            var publisher = new ImagePublisher(new RegistryOptions { Address = registry.Address, PlainHttp = true });
            var published = await publisher.PublishFolderAsync(FixtureWebApp.Artifact, "strata/tests-demo", "1", work.Path, RuntimeHarness.Timeout(300));
            output.WriteLine($"{published.Image} {published.ImageDigest}");
            // No folder: the replica can only be what the image holds.
            var artifact = published with { Directory = null };

            await using var harness = new RuntimeHarness(TimeSpan.FromSeconds(120), o => o with { Containers = new ContainerOptions { InsecureRegistries = [registry.Address] } });
            var workloads = RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = "hi from a container" }, replicas: 2);
            var resources = new ResourceRequirements { MemoryLimit = "192Mi", CpuLimit = "500m" };
            workloads = workloads with { Services = [workloads.Services[0] with { Artifact = artifact, Resources = resources }] };

            var result = await harness.ApplyAsync(1, workloads);

            Assert.True(result.Succeeded, result.Message);
            Assert.Equal("hi from a container from revision 1", await harness.GetAsync("/"));
            Assert.Equal("1", await harness.GetAsync("/env/STRATA_REVISION"));
            Assert.Equal("/usr/share/dotnet", await harness.GetAsync("/env/DOTNET_ROOT"));
            var web = await harness.WebStatusAsync();
            Assert.Equal(2, web.ReadyReplicas);
            var running = await Podman.RunAsync("ps", "--format", "{{.Image}}");
            Assert.Equal(2, running.Split('\n').Count(l => l == $"{registry.Address}/strata/tests-demo@{published.ImageDigest}"));
            await AssertLimitsAsync(registry.Address, 192L << 20, 50_000);
            Assert.Empty(web.Notes);

            await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout(60));
            await RuntimeHarness.EventuallyAsync(
                async () => !(await Podman.RunAsync("ps", "--all", "--format", "{{.Image}}")).Contains(registry.Address, StringComparison.Ordinal),
                60, "the app's containers to be removed");
        }
        finally
        {
            await Podman.RemoveContainersAndImagesFromAsync(registry.Address);
        }
    }

    /// <summary>
    /// Podman's record of each of the registry's containers, and the memory and CPU cgroup files of its
    /// main process as the kernel enforces them (cgroup v1 here; v2 names the files differently).
    /// </summary>
    private async Task AssertLimitsAsync(string registry, long memoryBytes, long cpuQuotaMicroseconds)
    {
        var ids = (await Podman.RunAsync("ps", "--filter", "label=app.kubernetes.io/managed-by=strata", "--format", "{{.ID}} {{.Image}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(registry, StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            var inspected = (await Podman.RunAsync("inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.State.Pid}}", id)).Trim().Split(' ');
            output.WriteLine($"{id}: memory {inspected[0]}, nano CPUs {inspected[1]}, pid {inspected[2]}");
            Assert.Equal(memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), inspected[0]);
            Assert.Equal("500000000", inspected[1]);

            var groups = (await File.ReadAllLinesAsync($"/proc/{inspected[2]}/cgroup")).Select(l => l.Split(':', 3)).ToList();
            if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            {
                var path = "/sys/fs/cgroup" + groups.Single(g => g[0] == "0")[2];
                Assert.Equal(memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(path, "memory.max"))).Trim());
                Assert.StartsWith($"{cpuQuotaMicroseconds} ", await File.ReadAllTextAsync(Path.Combine(path, "cpu.max")), StringComparison.Ordinal);
            }
            else
            {
                var memory = "/sys/fs/cgroup/memory" + groups.Single(g => g[1].Split(',').Contains("memory"))[2];
                var cpu = "/sys/fs/cgroup/cpu" + groups.Single(g => g[1].Split(',').Contains("cpu"))[2];
                Assert.Equal(memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(memory, "memory.limit_in_bytes"))).Trim());
                Assert.Equal(cpuQuotaMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(cpu, "cpu.cfs_quota_us"))).Trim());
            }
        }
    }
}
