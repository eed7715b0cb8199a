using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Cli.Tests.Commands;

/// <summary><c>--output json</c>: the host's answer as it is, and nothing else on stdout.</summary>
public sealed class JsonOutputTests : IAsyncLifetime
{
    private StandInHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StandInHost.StartAsync();
        _host.Answer("GET", "/api/apps", Samples.Apps())
            .Answer("GET", "/api/verticals", Samples.Verticals())
            .Answer("GET", "/api/apps/hello/status", Samples.Status())
            .Answer("GET", "/api/apps/hello/revisions", Samples.Revisions())
            .Answer("GET", "/api/apps/hello/jobs", Samples.Jobs())
            .Answer("GET", "/api/plugins", Samples.Plugins())
            .Answer("POST", "/api/apps/hello/rollback", Samples.Rollback())
            .Answer("POST", "/api/apps/hello/deploy", Samples.Deploy(), status: 201)
            .Answer("POST", "/api/verticals/functions/new", NewApp());
    }

    public static TheoryData<string[], string> Lists => new()
    {
        { ["apps"], "apps" },
        { ["verticals"], "verticals" },
        { ["status", "hello"], "status" },
        { ["revisions", "hello"], "revisions" },
        { ["jobs", "hello"], "jobs" },
        { ["plugin", "list"], "plugins" },
        { ["rollback", "hello", "--revision", "1"], "rollback" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Json_output_parses_and_equals_the_hosts_answer(string[] command, string sample)
    {
        foreach (var spelling in new[] { new[] { "--output", "json" }, ["-o", "json"], ["--json"] })
        {
            var result = await Cli.RunAsync([.. command, .. spelling, "--server", _host.Url.ToString()]);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(JsonNode.DeepEquals(Expected(sample), JsonNode.Parse(result.Stdout)), result.ToString());
            Assert.Equal("", result.Stderr);
        }
    }

    [Fact]
    public async Task Table_output_of_the_same_answer_is_not_json()
    {
        var result = await Cli.RunAsync("apps", "--server", _host.Url.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("APP ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_with_json_output_prints_only_the_deploy_answer()
    {
        using var folder = new TempDirectory("strata-cli-deploy");
        await File.WriteAllTextAsync(folder.Combine("strata.yaml"), "name: hello\nvertical: functions\nspec:\n  handler: Hello.Function\n");
        await File.WriteAllTextAsync(folder.Combine("Function.cs"), "// the app");

        var json = await Cli.RunAsync("deploy", folder.Path, "-o", "json", "--server", _host.Url.ToString());
        var table = await Cli.RunAsync("deploy", folder.Path, "--server", _host.Url.ToString());

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(JsonNode.DeepEquals(Samples.Deploy(), JsonNode.Parse(json.Stdout)), json.ToString());
        Assert.Equal("", json.Stderr);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.StartsWith("Deploying functions app 'hello' from ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Deployed: hello revision 3 → ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("POST /api/apps/hello/deploy?vertical=functions", _host.Requests);
    }

    [Fact]
    public async Task Deploy_on_an_interactive_terminal_shows_a_spinner_on_stderr_and_the_result_on_stdout()
    {
        using var folder = new TempDirectory("strata-cli-deploy");
        await File.WriteAllTextAsync(folder.Combine("strata.yaml"), "name: hello\nvertical: functions\n");
        var (console, output, error) = Cli.Console(interactive: true);
        // A deploy that takes a moment, as a build does: the spinner has time to draw.
        _host.Delay("POST", "/api/apps/hello/deploy", TimeSpan.FromMilliseconds(600));

        var exit = await StrataCli.RunAsync(["deploy", folder.Path, "--server", _host.Url.ToString()], new CliContext(console));

        Assert.Equal(0, exit);
        Assert.Contains("Building and rolling out functions/hello", error.Output, StringComparison.Ordinal);
        Assert.Contains("Deployed: hello revision 3", output.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building and rolling out", output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_with_json_output_writes_the_files_and_prints_only_the_answer()
    {
        using var root = new TempDirectory("strata-cli-new");

        var json = await Cli.RunAsync("new", "functions", "hello", "-d", root.Combine("json"), "-o", "json", "--server", _host.Url.ToString());
        var table = await Cli.RunAsync("new", "functions", "hello", "--dir", root.Combine("table"), "--server", _host.Url.ToString());

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(JsonNode.DeepEquals(NewApp(), JsonNode.Parse(json.Stdout)), json.ToString());
        Assert.Equal("name: hello\nvertical: functions\n", await File.ReadAllTextAsync(root.Combine("json", "strata.yaml")));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Created functions app 'hello' from template 'http'.", table.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(root.Combine("table", "src", "Function.cs")));
    }

    private static JsonObject NewApp() => new()
    {
        ["app"] = "hello",
        ["vertical"] = "functions",
        ["template"] = "http",
        ["files"] = new JsonArray(
            new JsonObject { ["path"] = "strata.yaml", ["content"] = "name: hello\nvertical: functions\n" },
            new JsonObject { ["path"] = "src/Function.cs", ["content"] = "// hello" }),
    };

    private static JsonNode Expected(string sample) => sample switch
    {
        "apps" => Samples.Apps(),
        "verticals" => Samples.Verticals(),
        "status" => Samples.Status(),
        "revisions" => Samples.Revisions(),
        "jobs" => Samples.Jobs(),
        "plugins" => Samples.Plugins(),
        "rollback" => Samples.Rollback(),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
