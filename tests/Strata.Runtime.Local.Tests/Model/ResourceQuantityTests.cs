using Strata.Runtime.Local.Limits;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class ResourceQuantityTests
{
    [Theory]
    [InlineData("256Mi", 268435456L)]
    [InlineData("1Gi", 1073741824L)]
    [InlineData("1.5Ki", 1536L)]
    [InlineData("512M", 512000000L)]
    [InlineData("1000", 1000L)]
    public void Memory_quantities_are_bytes(string text, long bytes)
    {
        Assert.True(ResourceQuantity.TryParseBytes(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("500m", 500L)]
    [InlineData("0.5", 500L)]
    [InlineData("2", 2000L)]
    public void Cpu_quantities_are_millicores(string text, long millicores)
    {
        Assert.True(ResourceQuantity.TryParseMillicores(text, out var parsed));
        Assert.Equal(millicores, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1Gi")]
    public void Nonsense_is_refused(string text) => Assert.False(ResourceQuantity.TryParseBytes(text, out _));

    [Fact]
    public void Limits_the_runtime_cannot_enforce_become_notes_saying_why()
    {
        var notes = LimitNotes.For(
            new ResourceRequirements { Memory = "128Mi", MemoryLimit = "256Mi", Cpu = "100m", CpuLimit = "half" },
            CgroupSupport.None("cgroup v1 at /sys/fs/cgroup/memory is not writable for this process"));

        Assert.Equal(
            [
                "memory limit 256Mi not enforced: cgroup v1 at /sys/fs/cgroup/memory is not writable for this process",
                "CPU limit half not enforced: not a quantity (write it like 500m or 2)",
            ],
            notes);
        Assert.Empty(LimitNotes.For(new ResourceRequirements { Cpu = "100m" }, CgroupSupport.None("no")));
    }
}
