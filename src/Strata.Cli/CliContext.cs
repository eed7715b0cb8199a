using System.CommandLine;
using Strata.Cli.Rendering;

namespace Strata.Cli;

/// <summary>
/// What every command shares: the console, the global options (<c>--server</c>, <c>--output</c>) and the one
/// place a <see cref="StrataClient"/> is made, so that what a client needs (a URL today, a token tomorrow) is
/// decided once.
/// </summary>
internal sealed class CliContext(CliConsole console)
{
    /// <summary>The host a command talks to when neither <c>--server</c> nor <c>STRATA_SERVER</c> says otherwise.</summary>
    public const string DefaultServer = "http://127.0.0.1:5480";

    /// <summary>Where the CLI writes.</summary>
    public CliConsole Console { get; } = console;

    /// <summary><c>--server</c>: the host's URL, on every command.</summary>
    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The Strata host's URL (default: $STRATA_SERVER, else the CLI config's current host, else {DefaultServer}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STRATA_SERVER") is { Length: > 0 } url ? url : CliConfig.CurrentHost() ?? DefaultServer,
    };

    /// <summary><c>--output table|json</c> (<c>-o</c>), on every command.</summary>
    public Option<string> Output { get; } = CreateOutput();

    /// <summary><c>--json</c>: the older spelling of <c>--output json</c>, kept for scripts; not shown in help.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Same as --output json.", Recursive = true, Hidden = true };

    /// <summary>The output format a parsed command line asks for.</summary>
    public OutputFormat FormatOf(ParseResult parse)
        => parse.GetValue(Json) || string.Equals(parse.GetValue(Output), "json", StringComparison.Ordinal) ? OutputFormat.Json : OutputFormat.Table;

    /// <summary>The host URL a parsed command line names, or a <see cref="CliException"/> when it is not an absolute URL.</summary>
    public Uri ServerOf(ParseResult parse)
        => Uri.TryCreate(parse.GetValue(Server), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException(CliException.InvalidInput, $"error: --server '{parse.GetValue(Server)}' is not an http(s) URL.");

    /// <summary>
    /// A client of <paramref name="server"/> with its token (<c>STRATA_TOKEN</c>, else the CLI config's for that
    /// host); <paramref name="timeout"/> bounds each request (completion asks briefly).
    /// </summary>
    public StrataClient CreateClient(Uri server, TimeSpan? timeout = null) => new(server, CliConfig.TokenFor(server), timeout);

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "How to print the answer: table (for people) or json (the host's JSON answer, for scripts and jq).",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        output.CompletionSources.Add("table", "json");
        output.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is not ("table" or "json") and var value)
            {
                // Before -o became the output format, 'new' and 'render' took it for a folder: say where that went.
                var folder = (result.Parent as System.CommandLine.Parsing.CommandResult)?.Command.Name is "new" or "render" ? "; to write into a folder use -d/--dir" : "";
                result.AddError($"--output is table or json, not '{value}'{folder}.");
            }
        });
        return output;
    }
}
