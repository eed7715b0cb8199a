using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Cli.Completion;

namespace Strata.Cli.Tests.Completion;

/// <summary><c>strata completion &lt;shell&gt;</c> and the <c>[suggest:N]</c> answers its scripts ask for.</summary>
public sealed class CompletionTests : IAsyncLifetime
{
    private StandInHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StandInHost.StartAsync();
        _host.Answer("GET", "/api/apps", new JsonArray(new JsonObject { ["name"] = "beta" }, new JsonObject { ["name"] = "alpha" }, new JsonObject { ["name"] = "alpine" }))
            .Answer("GET", "/api/verticals", new JsonArray(new JsonObject { ["name"] = "functions" }, new JsonObject { ["name"] = "mobile" }));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _strata_complete strata")]
    [InlineData("zsh", "compdef _strata strata")]
    [InlineData("fish", "complete -c strata -f -a '(__strata_complete)'")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName strata")]
    public async Task Each_shell_gets_a_script_that_asks_the_suggest_directive(string shell, string registration)
    {
        var result = await Cli.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(registration, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("strata \"[suggest:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var result = await Cli.RunAsync("completion", "tcsh");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: Argument 'tcsh' not recognized. Must be one of: 'bash' 'zsh' 'fish' 'pwsh'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strata st", new[] { "status" })]
    [InlineData("strata plugin ", new[] { "add", "list", "update", "remove" })]
    [InlineData("strata apps --o", new[] { "--output" })]
    [InlineData("strata apps -o ", new[] { "json", "table" })]
    [InlineData("strata apps -o j", new[] { "json" })]
    [InlineData("strata --output t", new[] { "table" })]
    [InlineData("strata deploy --runtime ", new[] { "kubernetes", "local" })]
    [InlineData("strata completion ", new[] { "bash", "fish", "pwsh", "zsh" })]
    [InlineData("strata completion z", new[] { "zsh" })]
    [InlineData("strata apps ", new[] { "--help", "--server", "--output" })]
    [InlineData("strata deploy ", new string[0])]
    [InlineData("strata render --host -", new[] { "--revision", "--vertical", "--dir", "--include-secrets", "--host", "--image", "--namespace", "--help", "--server", "--output" })]
    public async Task The_directive_suggests_commands_options_and_their_values(string line, string[] expected)
    {
        var result = await Cli.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Lines(result.Stdout).Where(l => l.StartsWith("--", StringComparison.Ordinal) || !l.StartsWith('-')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_cursor_position_counts_not_what_follows_it()
    {
        // Cursor after "strata st" in "strata st hello": what follows the cursor is ignored.
        var result = await Cli.RunAsync("[suggest:9]", "strata st hello");

        Assert.Equal(["status"], Lines(result.Stdout));
    }

    [Fact]
    public async Task App_and_vertical_names_come_from_the_host()
    {
        var server = _host.Url.ToString();

        var all = await Cli.RunAsync("[suggest]", $"strata status --server {server} ");
        var some = await Cli.RunAsync("[suggest]", $"strata logs --server {server} alp");
        var verticals = await Cli.RunAsync("[suggest]", $"strata new --server {server} ");
        var vertical = await Cli.RunAsync("[suggest]", $"strata status hello --server {server} --vertical m");

        Assert.Equal(["alpha", "alpine", "beta"], Lines(all.Stdout));
        Assert.Equal(["alpha", "alpine"], Lines(some.Stdout));
        Assert.Equal(["functions", "mobile"], Lines(verticals.Stdout));
        Assert.Equal(["mobile"], Lines(vertical.Stdout));
    }

    [Fact]
    public async Task Without_a_host_app_names_are_silently_none_and_quick()
    {
        var clock = Stopwatch.StartNew();

        var result = await Cli.RunAsync("[suggest]", $"strata status --server http://127.0.0.1:{ErrorTests.ClosedPort()} ");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        // Nothing at all: the shell falls back to its own (path) completion.
        Assert.Equal("", result.Stdout);
        Assert.True(clock.Elapsed < HostCompletions.Timeout + TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task Bash_sources_the_script_and_completes_through_the_cli()
    {
        Skip.IfNot(File.Exists("/bin/bash"), "bash is not installed");
        var script = $$"""
            strata() { dotnet "$STRATA_DLL" "$@"; }
            source <(strata completion bash)
            ask() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _strata_complete; echo "$1=>${COMPREPLY[*]}"; }
            ask "strata sta"
            ask "strata apps -o "
            ask "strata rollback --server {{_host.Url}} al"
            """;

        var result = await CliProcess.RunAsync("/bin/bash", ["-c", script], new Dictionary<string, string> { ["STRATA_DLL"] = CliProcess.CliDll });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["strata sta=>status", "strata apps -o =>json table", $"strata rollback --server {_host.Url} al=>alpha alpine"],
            Lines(result.Stdout));
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
