using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata login</c>: checks a token against the host and keeps it in the CLI's config file (owner-only)
/// for that host. The token is read from <c>STRATA_TOKEN</c> or standard input, never from the command
/// line, where other users could see it in the process list.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliContext cli)
    {
        var login = new Command("login", "Check a token (from STRATA_TOKEN or standard input) with the host and keep it in the CLI config for that host.");
        login.SetAction((parse, ct) => CliRun.GuardAsync(cli.Console, async () =>
        {
            var server = cli.ServerOf(parse);
            var token = Environment.GetEnvironmentVariable("STRATA_TOKEN") is { Length: > 0 } given ? given.Trim() : await ReadTokenAsync(cli).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token))
            {
                throw new CliException(CliException.InvalidInput, "error: no token: pipe one on standard input (strata login < token.txt) or set STRATA_TOKEN.");
            }

            using var client = new StrataClient(server, token);
            var current = await client.GetAsync("/api/tokens/current", ct).ConfigureAwait(false);
            var path = CliConfig.SaveToken(server, token);
            cli.Print(parse, current, console => console.WriteLine(
                $"Logged in to {CliConfig.Key(server)} as token '{current!["name"]}' ({string.Join(" ", current["scopes"]!.AsArray().Select(s => (string?)s))}); saved in {path}."));
        }));
        return login;
    }

    private static async Task<string?> ReadTokenAsync(CliContext cli)
    {
        if (!Console.IsInputRedirected)
        {
            cli.Console.WriteError("Token: ");
        }

        return (await Console.In.ReadLineAsync().ConfigureAwait(false))?.Trim();
    }
}
