using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Tests.Gateway;
using Strata.Testing;
using Strata.Testing.Kubernetes;

namespace Strata.Server.Tests;

/// <summary>Deploys with <c>runtime: kubernetes</c> against the Kubernetes API stand-in on loopback.</summary>
public sealed partial class KubernetesDeployTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-server-k8s");

    private async Task<HttpResponseMessage> DeployAsync(TestHost host, string app, string? runtime, string spec = "  image: registry.example.com/shop:1")
    {
        var folder = _root.Combine("apps", app);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"""
            name: {app}
            vertical: web
            spec:
              appDirectory: {WebApps.AppDirectory}
              replicas: 1
            {spec}
            """);
        return await host.Http.PostAsJsonAsync($"/api/apps/{app}/deploy", new { path = folder, runtime });
    }

    [Fact]
    public async Task A_kubernetes_deploy_applies_exactly_what_render_shows_and_status_logs_and_delete_go_to_the_cluster()
    {
        await using var standIn = await ApiStandIn.StartAsync();
        var kubeconfig = _root.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, standIn.Kubeconfig());
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Kubernetes:Kubeconfig"] = kubeconfig }, FixturePlugins.WebVertical);

        using var deployed = await DeployAsync(host, "shop", "kubernetes");
        var body = await deployed.Content.ReadAsStringAsync();
        var render = await host.Http.GetStringAsync("/api/apps/shop/render?includeSecrets=true");
        var status = await host.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop/status");
        var app = await host.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop");
        using var local = await DeployAsync(host, "shop", "local");
        var endpoints = new Verticals.VerticalServiceEndpoints("web", host.Services.GetRequiredService<Runtimes.AppRuntimes>(), host.Services.GetRequiredService<Core.State.StateStore>());
        var forVertical = await endpoints.GetServiceUriAsync("shop", "web");
        var notAnApp = await endpoints.GetServiceUriAsync("Not An App", "web");
        using var viaGateway = await host.Http.GetAsync("/apps/web/shop/");
        using var unknown = await host.Http.GetAsync("/apps/web/nobody/");

        Assert.True(deployed.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("kubernetes", JsonNode.Parse(body)!["runtime"]!.GetValue<string>());
        var rendered = Objects(render);
        Assert.Equal(["Namespace", "LimitRange", "NetworkPolicy", "Service", "Deployment", "Ingress"], rendered.Select(o => o.Kind));
        foreach (var (kind, name) in rendered)
        {
            var (group, plural) = Resources[kind];
            Assert.True(standIn.Get(group, plural, kind == "Namespace" ? null : "strata-web", name) is not null, $"{kind} {name} is rendered but not on the cluster");
        }

        var deployment = standIn.Get("apps", "deployments", "strata-web", "shop-web")!;
        Assert.Equal("registry.example.com/shop:1", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("kubernetes", status!["runtime"]!.GetValue<string>());
        Assert.Equal(1, status["servingRevision"]!.GetValue<int>());
        var service = Assert.Single(status["services"]!.AsArray())!;
        Assert.Equal(1, service["readyReplicas"]!.GetValue<int>());
        Assert.StartsWith("http://shop-web.strata-web.svc.cluster.local:", service["uri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("kubernetes", app!["runtime"]!.GetValue<string>());
        Assert.Equal(service["uri"]!.GetValue<string>().TrimEnd('/'), forVertical?.ToString().TrimEnd('/'));
        Assert.Null(notAnApp);
        Assert.Equal(HttpStatusCode.Conflict, local.StatusCode);
        Assert.Contains("runtime", await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, viaGateway.StatusCode);
        var pointer = await viaGateway.Content.ReadAsStringAsync();
        Assert.Contains("App web/shop runs on the kubernetes runtime: the cluster's Ingress or HTTPRoute routes it", pointer, StringComparison.Ordinal);
        Assert.Contains("http://shop-web.strata-web.svc.cluster.local:", pointer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("", await unknown.Content.ReadAsStringAsync());

        using var deleted = await host.Http.DeleteAsync("/api/apps/shop");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(standIn.Get("apps", "deployments", "strata-web", "shop-web"));
        Assert.Null(standIn.Get("", "services", "strata-web", "shop-web"));
    }

    [Fact]
    public async Task Rollback_goes_to_the_cluster_and_a_restarted_host_does_not_start_cluster_apps_itself()
    {
        await using var standIn = await ApiStandIn.StartAsync();
        var kubeconfig = _root.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, standIn.Kubeconfig());
        var settings = new Dictionary<string, string?> { ["Strata:Kubernetes:Kubeconfig"] = kubeconfig };
        string Image() => standIn.Get("apps", "deployments", "strata-web", "shop-web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

        await using (var host = await TestHost.StartAsync(_root, settings, FixturePlugins.WebVertical))
        {
            using var first = await DeployAsync(host, "shop", "kubernetes");
            // No runtime named: the app stays on the runtime it runs on.
            using var second = await DeployAsync(host, "shop", null, spec: "  image: registry.example.com/shop:2");
            Assert.True(second.StatusCode == HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
            Assert.Equal("registry.example.com/shop:2", Image());

            using var rollback = await host.Http.PostAsJsonAsync("/api/apps/shop/rollback", new { revision = 1 });
            Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
            Assert.Equal("registry.example.com/shop:1", Image());
        }

        var patches = standIn.Requests.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal));
        await using var restarted = await TestHost.StartAsync(_root, settings, FixturePlugins.WebVertical);
        var status = await restarted.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop/status");

        Assert.Equal(patches, standIn.Requests.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal)));
        Assert.Equal(1, status!["servingRevision"]!.GetValue<int>());
        Assert.Equal("kubernetes", status["runtime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cluster_deploy_of_an_app_using_an_undeployed_app_is_refused_naming_the_entry_and_then_applies_its_service_name()
    {
        await using var standIn = await ApiStandIn.StartAsync();
        var kubeconfig = _root.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, standIn.Kubeconfig());
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Kubernetes:Kubeconfig"] = kubeconfig }, FixturePlugins.WebVertical);
        const string Caller = "  image: registry.example.com/caller:1\ncaas:\n  uses: [callee]";

        using var refused = await DeployAsync(host, "caller", "kubernetes", Caller);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("caas.uses[0]: App 'caller' uses 'web/callee', which has no serving revision", detail, StringComparison.Ordinal);
        Assert.Null(standIn.Get("apps", "deployments", "strata-web", "caller-web"));

        using var callee = await DeployAsync(host, "callee", "kubernetes", "  image: registry.example.com/callee:1");
        Assert.Equal(HttpStatusCode.Created, callee.StatusCode);
        using var deployed = await DeployAsync(host, "caller", "kubernetes", Caller);
        Assert.True(deployed.StatusCode == HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync());
        var deployment = standIn.Get("apps", "deployments", "strata-web", "caller-web")!.ToString();
        Assert.Matches(@"services__callee__http__0[^}]*http://callee-web\.strata-web\.svc\.cluster\.local:\d+", deployment);
    }

    [Fact]
    public async Task A_cluster_that_cannot_be_reached_fails_the_deploy_with_the_reason_and_status_answers_502()
    {
        var kubeconfig = _root.Combine("kubeconfig");
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        await File.WriteAllTextAsync(kubeconfig, ApiStandIn.KubeconfigFor("http://127.0.0.1:1", "gone"));
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Kubernetes:Kubeconfig"] = kubeconfig }, FixturePlugins.WebVertical);

        using var deployed = await DeployAsync(host, "shop", "kubernetes");
        using var status = await host.Http.GetAsync("/api/apps/shop/status");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, deployed.StatusCode);
        var detail = (await deployed.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.StartsWith("Revision 1 of web/shop did not become ready: ", detail, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, status.StatusCode);
        Assert.Equal("Cluster error", (await status.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Asking_for_kubernetes_without_a_usable_cluster_or_for_an_unknown_runtime_is_refused_on_the_runtime_field()
    {
        var missing = _root.Combine("no-such-kubeconfig");
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Kubernetes:Kubeconfig"] = missing }, FixturePlugins.WebVertical);

        using var kubernetes = await DeployAsync(host, "shop", "kubernetes");
        using var unknown = await DeployAsync(host, "shop", "nomad");
        using var local = await DeployAsync(host, "shop", null, spec: "");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, kubernetes.StatusCode);
        var problem = (await kubernetes.Content.ReadFromJsonAsync<JsonObject>())!;
        var message = Assert.Single(problem["errors"]!["runtime"]!.AsArray())!.GetValue<string>();
        Assert.Equal($"kubernetes is not available on this host: The kubeconfig file '{missing}' does not exist; pass the path of an existing kubeconfig.", message);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'nomad' is not a runtime; use one of: local.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(local.IsSuccessStatusCode, await local.Content.ReadAsStringAsync());
        Assert.Equal("local", (await host.Http.GetFromJsonAsync<JsonObject>("/api/apps/shop"))!["runtime"]!.GetValue<string>());
    }

    private static readonly Dictionary<string, (string Group, string Plural)> Resources = new(StringComparer.Ordinal)
    {
        ["Namespace"] = ("", "namespaces"), ["LimitRange"] = ("", "limitranges"), ["NetworkPolicy"] = ("networking.k8s.io", "networkpolicies"),
        ["Service"] = ("", "services"), ["Deployment"] = ("apps", "deployments"), ["Ingress"] = ("networking.k8s.io", "ingresses"),
        ["Secret"] = ("", "secrets"), ["ConfigMap"] = ("", "configmaps"),
    };

    /// <summary>Kind and metadata.name of each YAML document of a render.</summary>
    internal static List<(string Kind, string Name)> Objects(string yaml) =>
        [.. yaml.Split("---\n").Select(doc => (Kind().Match(doc).Groups[1].Value, MetadataName().Match(doc).Groups[1].Value))];

    [GeneratedRegex(@"^kind: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Kind();

    [GeneratedRegex(@"^metadata:\n(?:  (?!name:).*\n|    .*\n)*  name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex MetadataName();

    public void Dispose() => _root.Dispose();
}
