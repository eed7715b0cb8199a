using System.Diagnostics;
using Strata.Testing;

namespace Strata.Runtime.Kubernetes.Tests;

/// <summary>
/// Every rendered object validates against the Kubernetes OpenAPI schema, with the models of the npm
/// package kubernetes-models (installed by eng/setup.sh). The snapshot files are exactly what the
/// mapping renders (the snapshot tests hold them equal), so validating them validates the mapping.
/// </summary>
public sealed class SchemaValidationTests : IDisposable
{
    private static readonly string SchemaFolder = Path.Combine(RepoPaths.Root, "tests", "Strata.Runtime.Kubernetes.Tests", "Schema");
    private readonly TempDirectory _temp = new("strata-schema");

    [Fact]
    public async Task Every_rendered_snapshot_object_is_valid_for_the_kubernetes_schema()
    {
        var snapshots = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Strata.Runtime.Kubernetes.Tests", "Snapshots"), "*.verified.yaml");
        Assert.NotEmpty(snapshots);

        var (exitCode, output) = await ValidateAsync(snapshots);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("FAIL", output);
        Assert.Contains("ok   storefront.verified.yaml Deployment/storefront-web", output);
    }

    [Fact]
    public async Task An_invalid_object_is_reported_with_its_kind_and_name()
    {
        var bad = _temp.Combine("bad.yaml");
        await File.WriteAllTextAsync(bad, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec:
              replicas: one
              selector: { matchLabels: { app: x } }
              template:
                metadata: { labels: { app: x } }
                spec: { containers: [ { name: x, image: x } ] }
            """);

        var (exitCode, output) = await ValidateAsync([bad]);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL bad.yaml Deployment/broken", output);
        Assert.Contains("replicas", output);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(IEnumerable<string> files)
    {
        if (!Directory.Exists(Path.Combine(SchemaFolder, "node_modules")))
        {
            Assert.Fail($"The schema checker is not installed: run eng/setup.sh (npm ci --prefix {SchemaFolder}).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = SchemaFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => _temp.Dispose();
}
