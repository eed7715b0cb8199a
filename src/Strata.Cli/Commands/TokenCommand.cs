using System.CommandLine;
using System.Text.Json.Nodes;

namespace Strata.Cli.Commands;

/// <summary><c>strata token create | list | revoke</c>: the host's bearer tokens (an admin's business).</summary>
internal static class TokenCommand
{
    public static Command Create(Option<string> server)
    {
        var token = new Command("token", "Create, list and revoke the host's bearer tokens (needs an admin token).");

        var name = new Argument<string>("name") { Description = "What the token is for, a DNS label (ci-deploy)." };
        var scopes = new Option<string[]>("--scope", "-s")
        {
            Description = "A scope: <vertical>:<action> (actions: read, write, deploy, delete, admin), *:<action>, or admin. Repeatable.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };
        var expires = new Option<string?>("--expires") { Description = "When it stops working: a duration (90m, 12h, 30d). Default: never." };
        var create = new Command("create", "Create a token and print it; it is shown only this once.") { name, scopes, expires };
        create.SetClientAction(server, async (parse, client, ct) =>
        {
            var created = await client.PostJsonAsync("/api/tokens", new { name = parse.GetValue(name), scopes = parse.GetValue(scopes), expiresIn = parse.GetValue(expires) }, ct).ConfigureAwait(false);
            var info = created!["info"]!;
            await Console.Error.WriteLineAsync($"Created token '{info["name"]}' ({string.Join(" ", info["scopes"]!.AsArray().Select(s => (string?)s))}), expires {Str(info["expiresAt"], "never")}. It is shown only now:").ConfigureAwait(false);
            Console.WriteLine((string?)created["token"]);
        });
        token.Subcommands.Add(create);

        var list = new Command("list", "List the tokens: name, scopes, state, expiry (never their secrets).");
        list.SetClientAction(server, async (parse, client, ct) =>
        {
            var tokens = (await client.GetAsync("/api/tokens", ct).ConfigureAwait(false))!.AsArray();
            var rows = tokens.Select(t => new[] { Str(t!["name"]), string.Join(" ", t["scopes"]!.AsArray().Select(s => (string?)s)), Str(t["state"]), Str(t["createdAt"]), Str(t["expiresAt"], "never") }).ToList();
            string[] headers = ["NAME", "SCOPES", "STATE", "CREATED", "EXPIRES"];
            var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            foreach (var row in rows.Prepend(headers))
            {
                Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
            }
        });
        token.Subcommands.Add(list);

        var revokeName = new Argument<string>("name") { Description = "The token's name." };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { revokeName };
        revoke.SetClientAction(server, async (parse, client, ct) =>
        {
            await client.DeleteAsync($"/api/tokens/{Uri.EscapeDataString(parse.GetValue(revokeName)!)}", ct).ConfigureAwait(false);
            Console.WriteLine($"Revoked token '{parse.GetValue(revokeName)}'.");
        });
        token.Subcommands.Add(revoke);
        return token;
    }

    private static string Str(JsonNode? node, string fallback = "") => node?.ToString() is { Length: > 0 } text ? text : fallback;
}
