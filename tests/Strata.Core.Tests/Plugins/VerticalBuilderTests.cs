using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Plugins;
using Strata.Plugins;
using Strata.Policy;
using Strata.Workloads;

namespace Strata.Core.Tests.Plugins;

public sealed class VerticalBuilderTests
{
    private static VerticalBuilder Builder() =>
        new(new VerticalDescriptor("sim", "1.0.0", StrataContract.Version), new ServiceCollection(), new ConfigurationBuilder().Build());

    [Fact]
    public void A_cluster_policy_is_recorded_on_the_registration()
    {
        var policy = new ClusterPolicy
        {
            Quota = new NamespaceQuota { RequestsCpu = "4", LimitsMemory = "8Gi", Pods = 20 },
            ContainerDefaults = new ResourceRequirements { Cpu = "100m", MemoryLimit = "256Mi" },
            IsolateNetwork = true,
        };
        var builder = Builder();

        builder.UseClusterPolicy(policy);

        Assert.Same(policy, builder.Build().ClusterPolicy);
        Assert.Null(Builder().Build().ClusterPolicy);
    }

    [Fact]
    public void A_cluster_policy_with_bad_quantities_is_refused_naming_every_field()
    {
        var policy = new ClusterPolicy
        {
            Quota = new NamespaceQuota { RequestsCpu = "lots", Pods = -1 },
            ContainerDefaults = new ResourceRequirements { MemoryLimit = "256 MB" },
        };

        var error = Assert.Throws<StrataException>(() => Builder().UseClusterPolicy(policy));

        Assert.Equal("clusterPolicy.quota.requestsCpu", error.Path);
        Assert.Contains("clusterPolicy.quota.pods", error.Message, StringComparison.Ordinal);
        Assert.Contains("clusterPolicy.containerDefaults.memoryLimit: '256 MB'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sim'", error.Message, StringComparison.Ordinal);
    }
}
