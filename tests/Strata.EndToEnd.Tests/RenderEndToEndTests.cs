using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary><c>strata render --host</c> needs no host: the CLI writes the objects that run one in a cluster.</summary>
public sealed class RenderEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-render");

    [Fact]
    public async Task Render_host_writes_one_file_per_object_and_usage_errors_exit_2()
    {
        var result = await CliProcess.RunAsync(_root.Path, "render", "--host", "--image", "registry.example.com/strata:9", "-d", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["clusterrole-strata.yaml", "clusterrolebinding-strata.yaml", "deployment-strata.yaml", "namespace-strata-system.yaml",
             "persistentvolumeclaim-strata.yaml", "service-strata.yaml", "serviceaccount-strata.yaml"],
            Directory.GetFiles(_root.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var deployment = await File.ReadAllTextAsync(_root.Combine("out", "deployment-strata.yaml"));
        Assert.StartsWith("apiVersion: apps/v1\nkind: Deployment\n", deployment, StringComparison.Ordinal);
        Assert.Contains("image: registry.example.com/strata:9", deployment, StringComparison.Ordinal);
        Assert.DoesNotContain("---", deployment, StringComparison.Ordinal);

        var both = await CliProcess.RunAsync(_root.Path, "render", "hello", "--host");
        var neither = await CliProcess.RunAsync(_root.Path, "render");
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--host renders the host itself", both.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
