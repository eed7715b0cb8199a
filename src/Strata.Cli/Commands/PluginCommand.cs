using System.CommandLine;
using System.Text.Json.Nodes;

namespace Strata.Cli.Commands;

/// <summary><c>strata plugin add | list | update | remove</c>: vertical packages in a running host.</summary>
internal static class PluginCommand
{
    public static Command Create(Option<string> server)
    {
        var plugin = new Command("plugin", "Install, list, update and remove vertical packages in the running host.");

        var addId = new Argument<string>("id") { Description = "The package id, e.g. Acme.Verticals.Hello." };
        var version = new Option<string?>("--version") { Description = "The package version (default: the newest stable one)." };
        var source = new Option<string?>("--source") { Description = "One of the host's configured sources (Strata:Plugins:Sources): a feed URL or a folder of .nupkg files." };
        var add = new Command("add", "Download a vertical package from a configured source and load it without a restart.") { addId, version, source };
        add.SetClientAction(server, async (parse, client, ct) =>
        {
            var installed = await client.PostJsonAsync("/api/plugins", new { id = parse.GetValue(addId), version = parse.GetValue(version), source = Source(parse.GetValue(source)) }, ct).ConfigureAwait(false);
            Console.WriteLine($"Installed {installed!["id"]} {installed["version"]}: vertical '{installed["vertical"]}' at /v/{installed["vertical"]} (sha512 {installed["sha512"]})");
        });
        plugin.Subcommands.Add(add);

        var json = new Option<bool>("--json") { Description = "Print the host's JSON answer instead of a table." };
        var list = new Command("list", "List the plugins the host recorded.") { json };
        list.SetClientAction(server, async (parse, client, ct) =>
        {
            var plugins = (await client.GetAsync("/api/plugins", ct).ConfigureAwait(false))!.AsArray();
            if (parse.GetValue(json))
            {
                Console.WriteLine(plugins.ToJsonString(StrataClient.Json));
                return;
            }

            var rows = plugins.Select(p => new[] { Str(p!["id"]), Str(p["version"]), Str(p["vertical"], "-"), Str(p["state"]), Str(p["source"], "(folder)"), Str(p["reason"]) }).ToList();
            string[] headers = ["ID", "VERSION", "VERTICAL", "STATE", "SOURCE", "REASON"];
            var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            foreach (var row in rows.Prepend(headers))
            {
                Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
            }
        });
        plugin.Subcommands.Add(list);

        var updateId = new Argument<string>("id") { Description = "The installed package id." };
        var update = new Command("update", "Move an installed plugin to another version (default: the newest); the old one is unloaded.") { updateId, version, source };
        update.SetClientAction(server, async (parse, client, ct) =>
        {
            var path = $"/api/plugins/{Uri.EscapeDataString(parse.GetValue(updateId)!)}/update";
            var updated = await client.PostJsonAsync(path, new { version = parse.GetValue(version), source = Source(parse.GetValue(source)) }, ct).ConfigureAwait(false);
            Console.WriteLine(updated!["unchanged"]?.GetValue<bool>() == true
                ? $"{updated["id"]} {updated["version"]} is already installed."
                : $"Updated {updated["id"]} {updated["previousVersion"]} → {updated["version"]}; old version unloaded{(updated["previousCollected"]?.GetValue<bool>() == true ? " and collected" : "")}.");
        });
        plugin.Subcommands.Add(update);

        var removeId = new Argument<string>("id") { Description = "The installed package id." };
        var remove = new Command("remove", "Unload an installed plugin and delete its files.") { removeId };
        remove.SetClientAction(server, async (parse, client, ct) =>
        {
            var removed = await client.DeleteAsync($"/api/plugins/{Uri.EscapeDataString(parse.GetValue(removeId)!)}", ct).ConfigureAwait(false);
            Console.WriteLine($"Removed {removed!["id"]} {removed["previousVersion"]}{(removed["previousCollected"]?.GetValue<bool>() == true ? "; its load context was collected" : "")}.");
        });
        plugin.Subcommands.Add(remove);
        return plugin;
    }

    // A folder given relative to where the CLI runs means that folder: the host compares full paths.
    private static string? Source(string? source)
        => source is null || Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? source : Path.GetFullPath(source);

    private static string Str(JsonNode? node, string empty = "") => node is null ? empty : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
