using System.Net;
using System.Net.Sockets;
using Strata.Testing;

namespace Strata.Cli.Tests;

/// <summary>Every failure is <c>error: …</c> lines on stderr, nothing on stdout, and its exit code as docs/cli.md documents it (literal numbers: scripts rely on them).</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private StandInHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StandInHost.StartAsync();
        _host.Answer("POST", "/api/apps/hello/deploy", Samples.ValidationProblem(), status: 400)
            .Answer("GET", "/api/apps", new System.Text.Json.Nodes.JsonObject { ["title"] = "Unauthorized", ["status"] = 401, ["detail"] = "the token is expired" }, status: 401)
            .Answer("GET", "/api/verticals", new System.Text.Json.Nodes.JsonObject { ["title"] = "Forbidden", ["status"] = 403, ["detail"] = "the token's scopes (functions:read) do not include admin" }, status: 403)
            .Answer("GET", "/api/plugins", "<html>not a Strata host</html>", 200, "text/html")
            .Answer("GET", "/api/apps/gone/status", """{"title":"Not Found","status":404,"detail":"App 'gone' is not recorded."}""", 404, "application/problem+json");
    }

    [Theory]
    [InlineData(new[] { "nope" }, "error: Unrecognized command or argument 'nope' (see 'strata --help').")]
    [InlineData(new[] { "apps", "--bogus" }, "error: Unrecognized command or argument '--bogus' (see 'strata apps --help').")]
    [InlineData(new[] { "apps", "-o", "yaml" }, "error: --output is table or json, not 'yaml' (see 'strata apps --help').")]
    [InlineData(new[] { "render", "--host", "-o", "out" }, "error: --output is table or json, not 'out'; to write into a folder use -d/--dir (see 'strata render --help').")]
    [InlineData(new[] { "status" }, "error: Required argument missing for command: 'status' (see 'strata status --help').")]
    public async Task Usage_errors_are_one_line_and_exit_2(string[] args, string line)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([line], result.ErrorLines);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Help_is_on_stdout_with_exit_0_and_lists_the_global_options_but_not_the_hidden_alias()
    {
        var result = await Cli.RunAsync("apps", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-o, --output", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--server", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--json", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task A_mistyped_command_gets_a_guess()
    {
        var result = await Cli.RunAsync("stauts", "hello");

        Assert.Equal(2, result.ExitCode);
        Assert.All(result.ErrorLines, l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
        Assert.Equal("error: did you mean 'strata status'? (see 'strata --help').", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task An_unreachable_host_is_exit_3()
    {
        var result = await Cli.RunAsync("apps", "--server", $"http://127.0.0.1:{ClosedPort()}");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: cannot reach the Strata host at http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.EndsWith("start one with 'strata up' or pass --server.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_a_url_is_exit_2()
    {
        var result = await Cli.RunAsync("apps", "--server", "not a url");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: --server 'not a url' is not an http(s) URL."], result.ErrorLines);
    }

    [Fact]
    public async Task ProblemDetails_field_errors_are_one_line_each_with_their_path_and_exit_1()
    {
        using var folder = new TempDirectory("strata-cli-refused");
        await File.WriteAllTextAsync(folder.Combine("strata.yaml"), "name: hello\nvertical: functions\n");

        var result = await Cli.RunAsync("deploy", folder.Path, "--server", _host.Url.ToString(), "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: spec.handler: is required", "error: caas.replicas: must be 0 or more", "error: caas.replicas: must be at most 50"], result.ErrorLines);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_problem_without_field_errors_is_title_detail_and_status()
    {
        var result = await Cli.RunAsync("status", "gone", "--server", _host.Url.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: Not Found: App 'gone' is not recorded. (404)"], result.ErrorLines);
    }

    [Fact]
    public async Task A_401_says_a_token_is_wanted_and_what_to_do_with_exit_4()
    {
        var result = await Cli.RunAsync("apps", "--server", _host.Url.ToString());

        Assert.Equal(4, result.ExitCode);
        Assert.Equal([$"error: the host wants a token: the token is expired (401); run 'strata login --server {_host.Url}' or set STRATA_TOKEN."], result.ErrorLines);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_403_says_the_token_may_not_do_this_with_exit_5()
    {
        var result = await Cli.RunAsync("verticals", "-o", "json", "--server", _host.Url.ToString());

        Assert.Equal(5, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal("error: the token may not do this: the token's scopes (functions:read) do not include admin (403); use a token with the scope it needs, or ask an admin for one.", line);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_one_line_and_exit_1()
    {
        var result = await Cli.RunAsync("plugin", "list", "--server", _host.Url.ToString());

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("with something that is not JSON; is --server a Strata host?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_of_text_answers_is_refused_as_invalid_input()
    {
        var logs = await Cli.RunAsync("logs", "hello", "-o", "json", "--server", _host.Url.ToString());
        var render = await Cli.RunAsync("render", "--host", "-o", "json");

        Assert.Equal((2, 2), (logs.ExitCode, render.ExitCode));
        Assert.Equal(["error: --output json: logs are text lines; drop --output json."], logs.ErrorLines);
        Assert.Equal(["error: --output json: render writes YAML; drop --output json."], render.ErrorLines);
        Assert.DoesNotContain(_host.Requests, r => r.Contains("/logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_manifest_is_one_line_per_problem_and_exit_2_before_any_request()
    {
        using var folder = new TempDirectory("strata-cli-invalid");
        await File.WriteAllTextAsync(folder.Combine("strata.yaml"), "name: Bad_Name\nspec: 3\n");

        var result = await Cli.RunAsync("deploy", folder.Path, "--server", _host.Url.ToString());

        Assert.Equal(2, result.ExitCode);
        Assert.All(result.ErrorLines, l => Assert.StartsWith("error: strata.yaml: ", l, StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("vertical", StringComparison.Ordinal));
        Assert.Empty(_host.Requests);
    }

    /// <summary>A loopback port nothing listens on: taken from the system, then released.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
