using System.CommandLine;
using System.Text.Json.Nodes;
using Strata.Cli.Rendering;
using static Strata.Cli.Rendering.TableView;

namespace Strata.Cli.Commands;

/// <summary><c>strata token create | list | revoke</c>: the host's bearer tokens (an admin's business).</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext cli)
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
        var create = new Command("create", "Create a token and print it (stdout, alone); it is shown only this once.") { name, scopes, expires };
        create.SetClientAction(cli, async (parse, client, ct) =>
        {
            var created = await client.PostJsonAsync("/api/tokens", new { name = parse.GetValue(name), scopes = parse.GetValue(scopes), expiresIn = parse.GetValue(expires) }, ct).ConfigureAwait(false);
            cli.Print(parse, created, console =>
            {
                var info = created!["info"]!;
                console.WriteError($"Created token '{info["name"]}' ({Scopes(info)}), expires {Cell(info["expiresAt"], "never")}. It is shown only now:");
                console.WriteLine((string?)created["token"] ?? "");
            });
        });
        token.Subcommands.Add(create);

        var list = new Command("list", "List the tokens: name, scopes, state, expiry (never their secrets).");
        list.SetClientAction(cli, async (parse, client, ct) =>
        {
            var tokens = await client.GetAsync("/api/tokens", ct).ConfigureAwait(false);
            cli.Print(parse, tokens, console => console.WriteTable(TableView.Build(console.Rich, ["NAME", "SCOPES", "STATE", "CREATED", "EXPIRES"],
                tokens!.AsArray().Select(t => new[] { Cell(t!["name"]), Scopes(t), Cell(t["state"]), Cell(t["createdAt"]), Cell(t["expiresAt"], "never") }))));
        });
        token.Subcommands.Add(list);

        var revokeName = new Argument<string>("name") { Description = "The token's name." };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { revokeName };
        revoke.SetClientAction(cli, async (parse, client, ct) =>
        {
            var answer = await client.DeleteAsync($"/api/tokens/{Uri.EscapeDataString(parse.GetValue(revokeName)!)}", ct).ConfigureAwait(false);
            cli.Print(parse, answer ?? new JsonObject { ["revoked"] = parse.GetValue(revokeName) }, console => console.WriteLine($"Revoked token '{parse.GetValue(revokeName)}'."));
        });
        token.Subcommands.Add(revoke);
        return token;
    }

    private static string Scopes(JsonNode token) => string.Join(" ", token["scopes"]!.AsArray().Select(s => (string?)s));
}
