using System.Text.Json.Nodes;

namespace Strata.Cli.Tests;

/// <summary>The CLI as a real process: exit codes and streams as a shell or script sees them (redirected: no ANSI).</summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private StandInHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StandInHost.StartAsync();
        _host.Answer("GET", "/api/apps", Samples.Apps())
            .Answer("GET", "/api/verticals", new JsonObject { ["title"] = "Unauthorized", ["status"] = 401, ["detail"] = "no bearer token" }, status: 401);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_one_error_line_and_nothing_on_stdout()
    {
        var result = await CliProcess.RunAsync("nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: Unrecognized command or argument 'nope' (see 'strata --help')."], result.ErrorLines);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Json_output_is_the_hosts_answer_and_tables_are_plain_when_redirected()
    {
        var json = await CliProcess.RunAsync("apps", "-o", "json", "--server", _host.Url.ToString());
        var table = await CliProcess.RunAsync("apps", "--server", _host.Url.ToString());

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(JsonNode.DeepEquals(Samples.Apps(), JsonNode.Parse(json.Stdout)), json.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"(?m)^shop\s+web\s+1\s+kubernetes\s", table.Stdout);
        Assert.DoesNotContain('\u001b', table.Stdout);
        Assert.DoesNotContain('│', table.Stdout);
    }

    [Fact]
    public async Task Unreachable_is_exit_3_and_a_refused_token_exit_4()
    {
        var unreachable = await CliProcess.RunAsync("apps", "--server", $"http://127.0.0.1:{ErrorTests.ClosedPort()}");
        var wanted = await CliProcess.RunAsync("verticals", "--server", _host.Url.ToString());
        var refused = await CliProcess.RunAsync("dotnet", [CliProcess.CliDll, "verticals", "--server", _host.Url.ToString()],
            new Dictionary<string, string> { ["STRATA_TOKEN"] = "strata_0123456789abcdef_" + new string('A', 43) });

        Assert.Equal(3, unreachable.ExitCode);
        Assert.StartsWith("error: cannot reach the Strata host", Assert.Single(unreachable.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(4, wanted.ExitCode);
        Assert.Equal([$"error: the host wants a token: no bearer token (401); run 'strata login --server {_host.Url}' or set STRATA_TOKEN."], wanted.ErrorLines);
        Assert.Equal(4, refused.ExitCode);
        Assert.Equal([$"error: the host refused the token: no bearer token (401); run 'strata login --server {_host.Url}' or set STRATA_TOKEN."], refused.ErrorLines);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
