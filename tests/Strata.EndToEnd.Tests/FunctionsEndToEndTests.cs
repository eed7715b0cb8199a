using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The spine end to end, with real processes and HTTP on 127.0.0.1: a host (strata up), the CLI
/// (strata new / deploy / status / logs), dotnet publish of the function, and the function itself.
/// </summary>
public sealed partial class FunctionsEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e");

    [Fact]
    public async Task New_deploy_call_then_redeploy_a_changed_handler_serves_revision_2()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        var server = host.Url.ToString();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);

        var created = await CliProcess.RunAsync(_root.Path, "new", "functions", "hello", "--server", server);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(File.Exists(_root.Combine("hello", "Function.cs")), created.ToString());

        var first = await CliProcess.RunAsync(_root.Path, "deploy", "hello", "--server", server);
        Assert.True(first.ExitCode == 0, first.ToString());
        var url = DeployedUrl(first, revision: 1);
        Assert.Equal("Hello, e2e!\n", await http.GetStringAsync(url + "?name=e2e"));

        // The functions vertical builds no image yet, so the revision cannot be rendered for Kubernetes: one line naming the field.
        var render = await CliProcess.RunAsync(_root.Path, "render", "hello", "--server", server);
        Assert.Equal(1, render.ExitCode);
        Assert.StartsWith("error: artifacts.default.image: Workload 'fn' of app 'hello' has no OCI image", render.Stderr, StringComparison.Ordinal);

        var handler = _root.Combine("hello", "Function.cs");
        File.WriteAllText(handler, File.ReadAllText(handler).Replace("configuration[\"GREETING\"] ?? \"Hello\"", "\"Howdy\"", StringComparison.Ordinal));
        var second = await CliProcess.RunAsync(_root.Path, "deploy", "hello", "--server", server);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(url, DeployedUrl(second, revision: 2));
        Assert.Equal("Howdy, e2e!\n", await http.GetStringAsync(url + "?name=e2e"));

        var invoked = await http.PostAsync(new Uri(host.Url, "/v/functions/hello/invoke?name=api"), new StringContent(""));
        Assert.Equal("Howdy, api!\n", await invoked.Content.ReadAsStringAsync());

        var status = await CliProcess.RunAsync(_root.Path, "status", "hello", "--server", server);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("serving 2", status.Stdout);
        Assert.Contains("Ready", status.Stdout);

        var revisions = await http.GetFromJsonAsync<JsonArray>(new Uri(host.Url, "/api/apps/hello/revisions"));
        Assert.Equal([2, 1], revisions!.Select(r => r!["number"]!.GetValue<int>()));

        var logs = await CliProcess.RunAsync(_root.Path, "logs", "hello", "--server", server);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("Greeting", logs.Stdout);

        // A handler that does not compile: the deploy fails with the compiler's words, nothing rolls, revision 2 keeps serving.
        File.WriteAllText(handler, File.ReadAllText(handler).Replace("return Task.FromResult", "return Task.FromResul", StringComparison.Ordinal));
        var broken = await CliProcess.RunAsync(_root.Path, "deploy", "hello", "--server", server);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Build step 'package' failed", broken.Stderr);
        Assert.Contains("Function.cs(14,21): error CS0117", broken.Stderr);
        Assert.DoesNotContain("/sources/", broken.Stderr);
        Assert.Equal("Howdy, e2e!\n", await http.GetStringAsync(url + "?name=e2e"));
        Assert.Equal(2, (await http.GetFromJsonAsync<JsonArray>(new Uri(host.Url, "/api/apps/hello/revisions")))!.Count);

        var rollback = await CliProcess.RunAsync(_root.Path, "rollback", "hello", "--revision", "1", "--server", server);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains("Rolled back: hello revision 1", rollback.Stdout);
        Assert.Equal("Hello, e2e!\n", await http.GetStringAsync(url + "?name=e2e"));

        var unknown = await CliProcess.RunAsync(_root.Path, "rollback", "hello", "--revision", "7", "--server", server);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("error: revision: must name a recorded revision", unknown.Stderr);
    }

    [Fact]
    public async Task Invalid_manifest_prints_one_line_per_problem_and_exits_non_zero()
    {
        var app = _root.Combine("broken");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "strata.yaml"), "name: Broken_App\nspec: 3\ncaas:\n  replicas: -1\n");

        var result = await CliProcess.RunAsync(_root.Path, "deploy", "broken", "--server", "http://127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 4, result.ToString());
        Assert.All(lines, line => Assert.StartsWith("error: strata.yaml: ", line));
        Assert.Contains(lines, l => l.Contains("name:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("vertical:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("spec:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("caas.replicas:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_host_is_one_readable_line_and_exit_code_3()
    {
        var result = await CliProcess.RunAsync(_root.Path, "apps", "--server", "http://127.0.0.1:9");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot reach the Strata host", line);
    }

    private static string DeployedUrl(CliResult result, int revision)
    {
        var match = Deployed().Match(result.Stdout);
        Assert.True(match.Success, result.ToString());
        Assert.Equal(revision, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return match.Groups[2].Value;
    }

    [GeneratedRegex(@"Deployed: hello revision (\d+) → (\S+)")]
    private static partial Regex Deployed();

    public void Dispose() => _root.Dispose();
}
