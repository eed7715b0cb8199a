using System.CommandLine;
using System.Text.Json.Nodes;
using Strata.Cli.Rendering;
using static Strata.Cli.Rendering.TableView;

namespace Strata.Cli.Commands;

/// <summary><c>strata plugin add | list | update | remove</c>: vertical packages in a running host.</summary>
internal static class PluginCommand
{
    public static Command Create(CliContext cli)
    {
        var plugin = new Command("plugin", "Install, list, update and remove vertical packages in the running host.");

        var addId = new Argument<string>("id") { Description = "The package id, e.g. Acme.Verticals.Hello." };
        var version = new Option<string?>("--version") { Description = "The package version (default: the newest stable one)." };
        var source = new Option<string?>("--source") { Description = "One of the host's configured sources (Strata:Plugins:Sources): a feed URL or a folder of .nupkg files." };
        var add = new Command("add", "Download a vertical package from a configured source and load it without a restart.") { addId, version, source };
        add.SetClientAction(cli, async (parse, client, ct) =>
        {
            var installed = await client.PostJsonAsync("/api/plugins", new { id = parse.GetValue(addId), version = parse.GetValue(version), source = Source(parse.GetValue(source)) }, ct).ConfigureAwait(false);
            cli.Print(parse, installed, console => console.WriteLine($"Installed {installed!["id"]} {installed["version"]}: vertical '{installed["vertical"]}' at /v/{installed["vertical"]} (sha512 {installed["sha512"]})"));
        });
        plugin.Subcommands.Add(add);

        var list = new Command("list", "List the plugins the host recorded.");
        list.SetClientAction(cli, async (parse, client, ct) =>
        {
            var plugins = await client.GetAsync("/api/plugins", ct).ConfigureAwait(false);
            cli.Print(parse, plugins, console => List(console, plugins!.AsArray()));
        });
        plugin.Subcommands.Add(list);

        var updateId = new Argument<string>("id") { Description = "The installed package id." };
        var update = new Command("update", "Move an installed plugin to another version (default: the newest); the old one is unloaded.") { updateId, version, source };
        update.SetClientAction(cli, async (parse, client, ct) =>
        {
            var path = $"/api/plugins/{Uri.EscapeDataString(parse.GetValue(updateId)!)}/update";
            var updated = await client.PostJsonAsync(path, new { version = parse.GetValue(version), source = Source(parse.GetValue(source)) }, ct).ConfigureAwait(false);
            cli.Print(parse, updated, console => console.WriteLine(updated!["unchanged"]?.GetValue<bool>() == true
                ? $"{updated["id"]} {updated["version"]} is already installed."
                : $"Updated {updated["id"]} {updated["previousVersion"]} → {updated["version"]}; old version unloaded{(updated["previousCollected"]?.GetValue<bool>() == true ? " and collected" : "")}."));
        });
        plugin.Subcommands.Add(update);

        var removeId = new Argument<string>("id") { Description = "The installed package id." };
        var remove = new Command("remove", "Unload an installed plugin and delete its files.") { removeId };
        remove.SetClientAction(cli, async (parse, client, ct) =>
        {
            var removed = await client.DeleteAsync($"/api/plugins/{Uri.EscapeDataString(parse.GetValue(removeId)!)}", ct).ConfigureAwait(false);
            cli.Print(parse, removed, console => console.WriteLine($"Removed {removed!["id"]} {removed["previousVersion"]}{(removed["previousCollected"]?.GetValue<bool>() == true ? "; its load context was collected" : "")}."));
        });
        plugin.Subcommands.Add(remove);
        return plugin;
    }

    // A folder given relative to where the CLI runs means that folder: the host compares full paths.
    private static string? Source(string? source)
        => source is null || Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? source : Path.GetFullPath(source);

    /// <summary>The table of <c>GET /api/plugins</c>.</summary>
    internal static void List(CliConsole console, JsonArray plugins)
        => console.WriteTable(TableView.Build(console.Rich, ["ID", "VERSION", "VERTICAL", "STATE", "SOURCE", "REASON"],
            plugins.Select(p => new[] { Cell(p!["id"]), Cell(p["version"]), Cell(p["vertical"], "-"), Cell(p["state"]), Cell(p["source"], "(folder)"), Cell(p["reason"]) })));
}
