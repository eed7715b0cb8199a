using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata login</c>: checks a token against the host and keeps it in the CLI's config file (owner-only)
/// for that host. The token is read from <c>STRATA_TOKEN</c> or standard input, never from the command
/// line, where other users could see it in the process list.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(Option<string> server)
    {
        var login = new Command("login", "Check a token (from STRATA_TOKEN or standard input) with the host and keep it in the CLI config for that host.");
        login.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var uri))
            {
                await Console.Error.WriteLineAsync($"error: --server '{parse.GetValue(server)}' is not an absolute URL.").ConfigureAwait(false);
                return CliException.InvalidInput;
            }

            return await CliRun.GuardAsync(async () =>
            {
                var token = Environment.GetEnvironmentVariable("STRATA_TOKEN") is { Length: > 0 } given ? given.Trim() : await ReadTokenAsync().ConfigureAwait(false);
                if (string.IsNullOrEmpty(token))
                {
                    throw new CliException(CliException.InvalidInput, "error: no token: pipe one on standard input (strata login < token.txt) or set STRATA_TOKEN.");
                }

                using var client = new StrataClient(uri, token);
                var current = await client.GetAsync("/api/tokens/current", ct).ConfigureAwait(false);
                var path = CliConfig.SaveToken(uri, token);
                Console.WriteLine($"Logged in to {CliConfig.Key(uri)} as token '{current!["name"]}' ({string.Join(" ", current["scopes"]!.AsArray().Select(s => (string?)s))}); saved in {path}.");
            }).ConfigureAwait(false);
        });
        return login;
    }

    private static async Task<string?> ReadTokenAsync()
    {
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Token: ").ConfigureAwait(false);
        }

        return (await Console.In.ReadLineAsync().ConfigureAwait(false))?.Trim();
    }
}
