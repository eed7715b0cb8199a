using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>Runs a command body: a <see cref="CliException"/> becomes its lines on stderr and its exit code.</summary>
internal static class CliRun
{
    public static void SetClientAction(this Command command, Option<string> server, Func<ParseResult, StrataClient, CancellationToken, Task> body)
        => command.SetAction((parse, ct) => RunClientAsync(parse, server, body, ct));

    /// <summary>Runs <paramref name="body"/> with a client of the host <paramref name="server"/> names.</summary>
    public static async Task<int> RunClientAsync(ParseResult parse, Option<string> server, Func<ParseResult, StrataClient, CancellationToken, Task> body, CancellationToken ct)
    {
        if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var uri))
        {
            await Console.Error.WriteLineAsync($"error: --server '{parse.GetValue(server)}' is not an absolute URL.").ConfigureAwait(false);
            return CliException.InvalidInput;
        }

        return await GuardAsync(async () =>
        {
            using var client = new StrataClient(uri, TokenFor(uri));
            await body(parse, client, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The bearer token for <paramref name="server"/>: <c>$STRATA_TOKEN</c>, else the one the config file keeps for it.</summary>
    public static string? TokenFor(Uri server) =>
        Environment.GetEnvironmentVariable("STRATA_TOKEN") is { Length: > 0 } token ? token.Trim() : CliConfig.Load().TokenFor(server);

    public static async Task<int> GuardAsync(Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
            return 0;
        }
        catch (CliException ex)
        {
            foreach (var line in ex.Lines)
            {
                await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
    }
}
