using System.Text.RegularExpressions;
using Strata.Testing;
using Strata.Testing.Kubernetes;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// <c>strata deploy --runtime kubernetes</c> against a Kubernetes API stand-in on 127.0.0.1: the host finds the
/// cluster through KUBECONFIG alone, as it would find kind, k3s or a managed cluster.
/// </summary>
public sealed partial class KubernetesDeployEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-k8s");

    private string WriteApp(string name)
    {
        var folder = _root.Combine(name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "strata.yaml"), $"""
            name: {name}
            vertical: web
            spec:
              appDirectory: {RepoPaths.BuildOutput(FixturePlugins.WebApp)}
              replicas: 2
              image: registry.example.com/shop:1
            """);
        return folder;
    }

    [Fact]
    public async Task Deploy_with_runtime_kubernetes_puts_exactly_the_rendered_objects_on_the_cluster_KUBECONFIG_names()
    {
        await using var standIn = await ApiStandIn.StartAsync();
        var kubeconfig = _root.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, standIn.Kubeconfig());
        var plugins = _root.Combine("plugins");
        FixturePlugins.Install(plugins, FixturePlugins.WebVertical);
        var app = WriteApp("shop");
        await using var host = await HostProcess.StartAsync(_root.Path, new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfig }, "--data", _root.Combine("data"), "--plugins", plugins);
        var server = host.Url.ToString();

        var deploy = await CliProcess.RunAsync(_root.Path, "deploy", app, "--runtime", "kubernetes", "--server", server);
        var render = await CliProcess.RunAsync(_root.Path, "render", "shop", "--include-secrets", "--server", server);
        var status = await CliProcess.RunAsync(_root.Path, "status", "shop", "--server", server);
        var apps = await CliProcess.RunAsync(_root.Path, "apps", "--server", server);

        Assert.True(deploy.ExitCode == 0, deploy.ToString() + "\nhost:\n" + host.Output);
        Assert.Contains("Deployed: shop revision 1 on kubernetes", deploy.Stdout, StringComparison.Ordinal);
        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("shop (web) revision 1, serving 1 on kubernetes", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^shop\s+web\s+1\s+kubernetes\s", apps.Stdout);
        var rendered = render.Stdout.Split("---\n").Select(doc => (Kind: Kind().Match(doc).Groups[1].Value, Name: MetadataName().Match(doc).Groups[1].Value)).ToList();
        Assert.Equal(["Namespace", "LimitRange", "NetworkPolicy", "Service", "Deployment", "Ingress"], rendered.Select(o => o.Kind));

        // Exactly the rendered objects: every one is on the cluster, and the cluster holds no other object of the app.
        var onCluster = new List<(string Kind, string Name)>();
        foreach (var (kind, (group, plural)) in Resources)
        {
            var items = kind == "Namespace" ? standIn.List(group, plural, null) : standIn.List(group, plural, "strata-web");
            onCluster.AddRange(items.Select(i => (kind, i["metadata"]!["name"]!.GetValue<string>())));
        }

        Assert.Equal(rendered.Order(), onCluster.Order());
        var deployment = standIn.Get("apps", "deployments", "strata-web", "shop-web")!;
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains("image: registry.example.com/shop:1", render.Stdout, StringComparison.Ordinal);
        Assert.All(standIn.Requests.Where(r => r.StartsWith("PATCH ", StringComparison.Ordinal)), r => Assert.Contains("fieldManager=strata", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_with_runtime_kubernetes_on_a_host_without_a_cluster_is_refused_with_one_line()
    {
        var home = _root.Combine("home");
        Directory.CreateDirectory(home);
        var plugins = _root.Combine("plugins");
        FixturePlugins.Install(plugins, FixturePlugins.WebVertical);
        var app = WriteApp("shop");
        // No KUBECONFIG, an empty home folder and not in a pod: no cluster anywhere kubectl would look.
        await using var host = await HostProcess.StartAsync(_root.Path,
            new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["HOME"] = home, ["USERPROFILE"] = home, ["KUBERNETES_SERVICE_HOST"] = null },
            "--data", _root.Combine("data"), "--plugins", plugins);

        var deploy = await CliProcess.RunAsync(_root.Path, "deploy", app, "--runtime", "kubernetes", "--server", host.Url.ToString());

        Assert.NotEqual(0, deploy.ExitCode);
        var line = Assert.Single(deploy.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: runtime: kubernetes is not available on this host: No Kubernetes cluster configured: set KUBECONFIG", line, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, (string Group, string Plural)> Resources = new(StringComparer.Ordinal)
    {
        ["Namespace"] = ("", "namespaces"), ["LimitRange"] = ("", "limitranges"), ["ResourceQuota"] = ("", "resourcequotas"),
        ["NetworkPolicy"] = ("networking.k8s.io", "networkpolicies"), ["Service"] = ("", "services"), ["Deployment"] = ("apps", "deployments"),
        ["Ingress"] = ("networking.k8s.io", "ingresses"), ["HorizontalPodAutoscaler"] = ("autoscaling", "horizontalpodautoscalers"),
        ["Secret"] = ("", "secrets"), ["ConfigMap"] = ("", "configmaps"), ["Job"] = ("batch", "jobs"),
    };

    [GeneratedRegex(@"^kind: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Kind();

    [GeneratedRegex(@"^metadata:\n(?:  (?!name:).*\n|    .*\n)*  name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex MetadataName();

    public void Dispose() => _root.Dispose();
}
