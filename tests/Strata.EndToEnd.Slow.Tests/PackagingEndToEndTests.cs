using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// Packaging end to end, all real and on 127.0.0.1: a Debian docker-registry, a host with
/// <c>--registry</c> (and <c>--containers</c> where podman is installed), the CLI, the .NET SDK's
/// container publishing over a base image Strata seeds from this machine's runtime, and podman
/// pulling the revision's image by digest.
/// </summary>
public sealed partial class PackagingEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const string Repository = "strata/functions-hello-function";
    private readonly TempDirectory _root = new("strata-packaging");

    [SkippableFact]
    public async Task Hello_function_is_pushed_recorded_by_digest_served_from_its_image_and_cached_while_the_registry_has_it()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync();
        var containers = Podman.Unavailable is null;
        if (!containers)
        {
            output.WriteLine($"Container path skipped: {Podman.Unavailable} The image is still built, pushed and recorded; replicas run as processes.");
        }

        try
        {
            await PublishServeAndCacheAsync(registry, containers);
        }
        finally
        {
            // The test host is killed, not stopped: its containers outlive it (a restarted host would remove them).
            await Podman.RemoveContainersAndImagesFromAsync(registry.Address);
        }
    }

    private async Task PublishServeAndCacheAsync(LocalRegistry registry, bool containers)
    {
        var app = CopySample();
        var data = _root.Combine("data");
        string[] hostArgs = ["--data", data, "--registry", registry.Address, .. containers ? new[] { "--containers" } : []];
        await using var host = await HostProcess.StartAsync(_root.Path, hostArgs);
        var server = host.Url.ToString();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        host.Authorize(http);

        var first = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", server);
        output.WriteLine(first.ToString());
        Assert.True(first.ExitCode == 0, first + "\nhost:\n" + host.Output);
        Assert.Matches(StepLine("publish-image", "ran"), first.Stdout);
        var image = ImageLine().Match(first.Stdout);
        Assert.True(image.Success, first.ToString());
        Assert.Equal($"{registry.Address}/{Repository}", image.Groups["repo"].Value);

        // The registry's own answer for tag 1 (the revision) is the digest in the revision's row.
        var registryDigest = await ManifestDigestAsync(http, registry.Address, "1");
        Assert.Equal(image.Groups["digest"].Value, registryDigest);
        var recorded = ReadRevisions(data);
        Assert.Equal((1, $"{registry.Address}/{Repository}:1", registryDigest), Assert.Single(recorded));

        Assert.Equal("Hello from Strata, e2e!\n", await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-function/?name=e2e")));
        if (containers)
        {
            var running = await Podman.RunAsync("ps", "--filter", "label=app.kubernetes.io/managed-by=strata", "--format", "{{.Image}}");
            Assert.Contains(registryDigest, running, StringComparison.Ordinal);
        }

        // A change no build step reads (a README): a new revision, but nothing is rebuilt or pushed.
        var manifestPuts = registry.CountRequests("PUT", "/manifests/");
        var blobPuts = registry.CountRequests("PUT", "/blobs/uploads/");
        await File.WriteAllTextAsync(Path.Combine(app, "README.md"), "# hello\n");
        var second = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", server);
        output.WriteLine(second.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Matches(StepLine("package", "cached"), second.Stdout);
        Assert.Matches(StepLine("publish-image", "cached"), second.Stdout);
        Assert.Contains("revision 2", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(manifestPuts, registry.CountRequests("PUT", "/manifests/"));
        Assert.Equal(blobPuts, registry.CountRequests("PUT", "/blobs/uploads/"));
        Assert.Equal(registryDigest, ReadRevisions(data)[1].Digest);
        Assert.Equal("Hello from Strata, e2e!\n", await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-function/?name=e2e")));

        // No change at all: the serving revision stays, nothing is pushed.
        var third = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", server);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("Unchanged: hello-function revision 2", third.Stdout, StringComparison.Ordinal);
        Assert.Equal(manifestPuts, registry.CountRequests("PUT", "/manifests/"));

        // The registry loses its storage: the cache no longer describes what the registry holds, so the
        // next build pushes again (the base image too) instead of saying "cached".
        await registry.RestartAsync(wipeData: true);
        await File.WriteAllTextAsync(Path.Combine(app, "README.md"), "# hello again\n");
        var fourth = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", server);
        output.WriteLine(fourth.ToString());
        Assert.True(fourth.ExitCode == 0, fourth + "\nhost:\n" + host.Output);
        Assert.Matches(StepLine("package", "cached"), fourth.Stdout);
        Assert.Matches(StepLine("publish-image", "ran"), fourth.Stdout);
        Assert.Equal(ReadRevisions(data)[2].Digest, await ManifestDigestAsync(http, registry.Address, "3"));
        Assert.Equal("Hello from Strata, e2e!\n", await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-function/?name=e2e")));
    }

    [SkippableFact]
    public async Task Unreachable_or_refusing_registry_fails_the_deploy_clearly_and_records_no_revision()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var readOnly = await LocalRegistry.StartAsync(readOnly: true);
        var app = CopySample();

        // Nothing listening: refused before anything is built. Refusing pushes: the publish-image step fails.
        foreach (var (address, expected, builds) in new[]
        {
            ("127.0.0.1:9", "error: Registry unavailable: The revision's image cannot be published: Cannot reach the registry at http://127.0.0.1:9/", false),
            (readOnly.Address, $"error: Build failed: Build step 'publish-image' failed: The registry at http://{readOnly.Address}/ refused to", true),
        })
        {
            var data = _root.Combine("data-" + address.Replace(':', '-'));
            await using var host = await HostProcess.StartAsync(_root.Path, "--data", data, "--registry", address);

            var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", host.Url.ToString());

            output.WriteLine(deployed.ToString());
            Assert.Equal(1, deployed.ExitCode);
            Assert.StartsWith(expected, deployed.Stderr, StringComparison.Ordinal);
            Assert.Empty(ReadRevisions(data));
            Assert.Equal(builds, host.Output.Contains("Step package started", StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task Credentials_from_configuration_push_with_the_sdk_and_pull_with_podman_and_a_wrong_password_fails_without_a_revision()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        const string user = "strata-ci";
        const string password = "s3cret-pass";
        await using var registry = await LocalRegistry.StartAsync(user: (user, password));
        var containers = Podman.Unavailable is null;
        if (!containers)
        {
            output.WriteLine($"Container path skipped: {Podman.Unavailable} The image is still pushed with the credentials; replicas run as processes.");
        }

        var app = CopySample();
        try
        {
            // A wrong password: refused before anything is built, nothing recorded.
            var refusedData = _root.Combine("data-refused");
            await using (var refusing = await HostProcess.StartAsync(_root.Path, Credentials(user, "wrong"), "--data", refusedData, "--registry", registry.Address))
            {
                var refused = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", refusing.Url.ToString());
                output.WriteLine(refused.ToString());
                Assert.Equal(1, refused.ExitCode);
                Assert.Equal(
                    $"error: Registry unavailable: The revision's image cannot be published: The registry at http://{registry.Address}/ refused to answer GET /v2/: 401 Unauthorized: it does not accept the credentials of user '{user}'; check Strata:Registry:Username and Strata:Registry:Password. (422)",
                    refused.Stderr.Trim());
                Assert.Empty(ReadRevisions(refusedData));
                Assert.DoesNotContain("Step package started", refusing.Output, StringComparison.Ordinal);
            }

            // The right ones: the SDK pushes with them (DOTNET_CONTAINER_REGISTRY_UNAME/PWORD), podman pulls with them.
            var data = _root.Combine("data");
            string[] hostArgs = ["--data", data, "--registry", registry.Address, .. containers ? new[] { "--containers" } : []];
            await using var host = await HostProcess.StartAsync(_root.Path, Credentials(user, password), hostArgs);
            var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", host.Url.ToString());
            output.WriteLine(deployed.ToString());
            Assert.True(deployed.ExitCode == 0, deployed + "\nhost:\n" + host.Output);
            Assert.Matches(StepLine("publish-image", "ran"), deployed.Stdout);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
            var registryDigest = await ManifestDigestAsync(http, registry.Address, "1");
            Assert.Equal((1, $"{registry.Address}/{Repository}:1", registryDigest), Assert.Single(ReadRevisions(data)));
            Assert.Equal("Hello from Strata, e2e!\n", await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-function/?name=e2e")));
            if (containers)
            {
                var running = await Podman.RunAsync("ps", "--filter", "label=app.kubernetes.io/managed-by=strata", "--format", "{{.Image}}");
                Assert.Contains(registryDigest, running, StringComparison.Ordinal);
            }
        }
        finally
        {
            await Podman.RemoveContainersAndImagesFromAsync(registry.Address);
        }
    }

    [Fact]
    public async Task Containers_without_a_registry_is_refused_at_start()
    {
        var result = await CliProcess.RunAsync(_root.Path, "up", "--port", "0", "--data", _root.Combine("data"), "--containers");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Podman.Unavailable is null ? "needs a registry" : "needs podman", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "is not host[:port]")]
    [InlineData("registry.example.com/x", "is not host[:port]")]
    public async Task A_malformed_registry_address_is_refused_at_start(string address, string expected)
    {
        var result = await CliProcess.RunAsync(_root.Path, "up", "--port", "0", "--data", _root.Combine("data"), "--registry", address);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>The host's registry credentials, as configuration from its environment (never on its command line).</summary>
    private static Dictionary<string, string?> Credentials(string user, string password) => new()
    {
        ["STRATA_Strata__Registry__Username"] = user,
        ["STRATA_Strata__Registry__Password"] = password,
    };

    private string CopySample()
    {
        var sample = Path.Combine(Path.GetDirectoryName(CliProcess.CliDll)!, "samples", "hello-function");
        var app = Directory.CreateDirectory(_root.Combine("hello-function")).FullName;
        foreach (var file in Directory.GetFiles(sample))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)), overwrite: true);
        }

        return app;
    }

    private static async Task<string> ManifestDigestAsync(HttpClient http, string registry, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registry}/v2/{Repository}/manifests/{tag}");
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private static List<(int Number, string? Image, string? Digest)> ReadRevisions(string data)
    {
        var database = Path.Combine(data, "strata.db");
        if (!File.Exists(database))
        {
            return [];
        }

        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT number, image, image_digest FROM revisions ORDER BY number;";
        using var reader = command.ExecuteReader();
        var rows = new List<(int, string?, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }

    private static Regex StepLine(string step, string status) => new($@"(?m)^\s+{Regex.Escape(step)}\s+{status}\s");

    [GeneratedRegex(@"(?m)^\s+image\s+(?<repo>\S+)@(?<digest>sha256:[0-9a-f]{64})\s*$")]
    private static partial Regex ImageLine();
}
