using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Server.Tests.Gateway;
using Strata.Testing;

namespace Strata.Server.Tests;

public sealed class RenderApiTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-server-render");

    private async Task DeployAsync(TestHost host, string app, string spec, string caas = "", params (string Path, string Content)[] files)
    {
        var folder = _root.Combine("apps", app);
        Directory.CreateDirectory(Path.Combine(folder, "k8s"));
        foreach (var (path, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, path), content);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"""
            name: {app}
            vertical: web
            spec:
              appDirectory: {WebApps.AppDirectory}
              replicas: 1
            {spec}
            {caas}
            """);
        using var response = await host.Http.PostAsJsonAsync($"/api/apps/{app}/deploy", new { path = folder });
        Assert.True(response.IsSuccessStatusCode, $"deploy answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Render_shows_the_vertical_objects_the_mapped_objects_raw_manifests_and_patches_with_secrets_redacted()
    {
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?> { ["Strata:Kubernetes:IngressClassName"] = "nginx" }, FixturePlugins.WebVertical);
        await DeployAsync(host, "shop", "  image: registry.example.com/shop:1", """
            caas:
              raw: [k8s/extra.yaml]
              patches: [k8s/patch.yaml]
            """,
            ("k8s/extra.yaml", "apiVersion: v1\nkind: Secret\nmetadata: { name: shop-db }\nstringData: { PASSWORD: s3cret-value }\n"),
            ("k8s/patch.yaml", "target: { kind: Deployment, name: shop-web }\npatch: { spec: { template: { spec: { nodeSelector: { disktype: ssd } } } } }\n"));

        using var response = await host.Http.GetAsync("/api/apps/shop/render");
        var yaml = await response.Content.ReadAsStringAsync();
        using var withSecrets = await host.Http.GetAsync("/api/apps/shop/render?revision=1&includeSecrets=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("shop-db", Assert.Single(response.Headers.GetValues("Strata-Redacted-Secrets")));
        var kinds = yaml.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.Equal(["Namespace", "LimitRange", "NetworkPolicy", "Secret", "Service", "Deployment", "Ingress"], kinds);
        Assert.Contains("name: strata-web", yaml, StringComparison.Ordinal);
        Assert.Contains("image: registry.example.com/shop:1", yaml, StringComparison.Ordinal);
        Assert.Contains("disktype: ssd", yaml, StringComparison.Ordinal);
        Assert.Contains("ingressClassName: nginx", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", yaml, StringComparison.Ordinal);
        Assert.Contains("PASSWORD: REDACTED", yaml, StringComparison.Ordinal);
        Assert.Contains("s3cret-value", await withSecrets.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(withSecrets.Headers.Contains("Strata-Redacted-Secrets"));
    }

    [Fact]
    public async Task A_revision_without_an_image_or_with_a_bad_patch_gets_422_naming_the_field()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        await DeployAsync(host, "plain", "");
        await DeployAsync(host, "patched", "  image: registry.example.com/patched:1", "caas:\n  patches: [k8s/patch.yaml]",
            ("k8s/patch.yaml", "target: { kind: Deployment, name: patched-api }\npatch: { spec: { replicas: 2 } }\n"));

        var noImage = await ProblemAsync(await host.Http.GetAsync("/api/apps/plain/render"), HttpStatusCode.UnprocessableEntity);
        var badPatch = await ProblemAsync(await host.Http.GetAsync("/api/apps/patched/render"), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("OCI image", noImage["errors"]!["artifacts.default.image"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Deployment/patched-api", badPatch["errors"]!["caas.patches[0].target.name"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_app_is_rendered_as_its_routed_services_cluster_name_once_it_has_a_serving_revision()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        await DeployAsync(host, "caller", "  image: registry.example.com/caller:1", "caas:\n  uses: [callee]");

        // Unlike Local, the cluster address names the used app's Service, which only its serving revision knows.
        var missing = await ProblemAsync(await host.Http.GetAsync("/api/apps/caller/render"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'web/callee', which has no serving revision", missing["errors"]!["caas.uses[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        await DeployAsync(host, "callee", "  image: registry.example.com/callee:1");
        using var response = await host.Http.GetAsync("/api/apps/caller/render");
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"- name: services__callee__http__0\n\s+value: http://callee-web\.strata-web\.svc\.cluster\.local:\d+\n", yaml);
    }

    [Fact]
    public async Task A_deploy_naming_a_raw_file_that_is_not_there_is_refused_with_its_path()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        var folder = _root.Combine("apps", "gone");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"""
            name: gone
            vertical: web
            spec:
              appDirectory: {WebApps.AppDirectory}
            caas:
              raw: [k8s/missing.yaml]
            """);

        var problem = await ProblemAsync(await host.Http.PostAsJsonAsync("/api/apps/gone/deploy", new { path = folder }), HttpStatusCode.BadRequest);

        Assert.Contains("k8s/missing.yaml", problem["errors"]!["caas.raw[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_the_gateway_api_on_and_no_gateway_does_not_start()
    {
        var error = await Assert.ThrowsAsync<Core.StrataException>(() => TestHost.StartAsync(_root, new Dictionary<string, string?>
        {
            ["Strata:Kubernetes:UseGatewayApi"] = "true",
            ["Strata:Kubernetes:IngressNamespace"] = "Not_A_Namespace",
        }));

        Assert.Contains("GatewayName is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("IngressNamespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_apps_and_revisions_get_404()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.WebVertical);
        await DeployAsync(host, "shop", "  image: registry.example.com/shop:1");

        await ProblemAsync(await host.Http.GetAsync("/api/apps/ghost/render"), HttpStatusCode.NotFound);
        var problem = await ProblemAsync(await host.Http.GetAsync("/api/apps/shop/render?revision=9"), HttpStatusCode.NotFound);

        Assert.Contains("no revision 9", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
