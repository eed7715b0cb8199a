using k8s;
using Strata.Core;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Testing;

namespace Strata.Runtime.Kubernetes.Tests.Cluster;

/// <summary>Finding the cluster: an explicit kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster, or a readable error.</summary>
public sealed class KubernetesClustersTests : ClusterFixture
{
    [Fact]
    public async Task A_kubeconfig_file_connects_the_applier_to_its_cluster()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("config");
        await File.WriteAllTextAsync(path, Kubeconfig(StandIn.Url, "stand-in"));

        using var kubernetes = KubernetesClusters.Connect(path);
        await new KubernetesApplier(kubernetes).ApplyAsync(Functions(), Rollout);

        Assert.Equal(new Uri(StandIn.Url + "/"), kubernetes.BaseUri);
        Assert.NotNull(StandIn.Get("apps", "deployments", Namespace, Deployment));
    }

    [Fact]
    public void Kubeconfig_comes_from_KUBECONFIG_before_the_home_folder()
    {
        using var folder = new TempDirectory();
        var fromEnvironment = folder.Combine("env-config");
        File.WriteAllText(fromEnvironment, Kubeconfig("http://127.0.0.1:1001", "env"));
        Directory.CreateDirectory(folder.Combine(".kube"));
        File.WriteAllText(folder.Combine(".kube", "config"), Kubeconfig("http://127.0.0.1:1002", "home"));

        var both = KubernetesClusters.Configure(null, null, Environment(fromEnvironment), folder.Path, () => false);
        var homeOnly = KubernetesClusters.Configure(null, null, Environment(null), folder.Path, () => false);
        var missingEnvironmentFile = KubernetesClusters.Configure(null, null, Environment(folder.Combine("nope")), folder.Path, () => false);

        Assert.Equal("http://127.0.0.1:1001", both.Host.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:1002", homeOnly.Host.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:1002", missingEnvironmentFile.Host.TrimEnd('/'));
    }

    [Fact]
    public void No_cluster_anywhere_is_a_readable_error()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<StrataException>(() => KubernetesClusters.Configure(null, null, Environment(null), folder.Path, () => false));

        Assert.StartsWith("No Kubernetes cluster configured: set KUBECONFIG to a kubeconfig file, create ~/.kube/config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubeconfig_path_that_does_not_exist_or_cannot_be_read_is_named()
    {
        using var folder = new TempDirectory();
        var broken = folder.Combine("broken");
        File.WriteAllText(broken, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");

        var missing = Assert.Throws<StrataException>(() => KubernetesClusters.Connect(folder.Combine("missing")));
        var unreadable = Assert.Throws<StrataException>(() => KubernetesClusters.Connect(broken));

        Assert.Equal($"The kubeconfig file '{folder.Combine("missing")}' does not exist; pass the path of an existing kubeconfig.", missing.Message);
        Assert.StartsWith($"Cannot read the Kubernetes configuration from {broken}: ", unreadable.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(string? kubeconfig) => name => name == "KUBECONFIG" ? kubeconfig : null;

    private static string Kubeconfig(string server, string name) => ApiStandIn.KubeconfigFor(server, name);
}
