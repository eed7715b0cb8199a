using System.CommandLine;
using System.Text.Json.Nodes;

namespace Strata.Cli.Commands;

/// <summary><c>strata apps | status | logs | verticals</c>: what the host has and runs.</summary>
internal static class InspectCommands
{
    public static IEnumerable<Command> Create(Option<string> server)
    {
        var json = new Option<bool>("--json") { Description = "Print the host's JSON answer instead of a table." };

        var apps = new Command("apps", "List the apps.") { json };
        apps.SetClientAction(server, async (parse, client, ct) =>
        {
            var list = (await client.GetAsync("/api/apps", ct).ConfigureAwait(false))!.AsArray();
            Print(parse.GetValue(json), list, () => Table(["APP", "VERTICAL", "REVISION", "RUNTIME", "URL"],
                list.Select(a => new[] { Str(a!["name"]), Str(a["vertical"]), Str(a["currentRevision"], "-"), Str(a["runtime"], "local"), Str(a["url"]) })));
        });
        yield return apps;

        var verticals = new Command("verticals", "List the verticals the host loaded, refused or failed.") { json };
        verticals.SetClientAction(server, async (parse, client, ct) =>
        {
            var list = (await client.GetAsync("/api/verticals", ct).ConfigureAwait(false))!.AsArray();
            Print(parse.GetValue(json), list, () => Table(["VERTICAL", "VERSION", "STATE", "TEMPLATES", "REASON"],
                list.Select(v => new[] { Str(v!["name"]), Str(v["version"], "-"), Str(v["state"]), string.Join(",", (v["templates"] as JsonArray ?? []).Select(t => Str(t))), Str(v["reason"], "") })));
        });
        yield return verticals;

        var statusApp = new Argument<string>("app") { Description = "The app name." };
        var vertical = new Option<string?>("--vertical") { Description = "The app's vertical, where two verticals have apps of that name." };
        var status = new Command("status", "Show what runs for an app.") { statusApp, vertical, json };
        status.SetClientAction(server, async (parse, client, ct) =>
        {
            var info = (await client.GetAsync(AppPath(parse.GetValue(statusApp)!, "status", parse.GetValue(vertical)), ct).ConfigureAwait(false))!;
            Print(parse.GetValue(json), info, () =>
            {
                var where = Str(info["runtime"], "local") is var runtime && runtime == "local" ? $"at {info["url"]}" : $"on {runtime}";
                Console.WriteLine($"{info["app"]} ({info["vertical"]}) revision {Str(info["currentRevision"], "-")}, serving {Str(info["servingRevision"], "none")} {where}");
                var replicas = (info["services"] as JsonArray ?? []).SelectMany(s => (s!["replicas"] as JsonArray ?? []).Select(r => new[]
                    { Str(s["name"]), Str(r!["id"]), Str(r["revision"]), Str(r["state"]), Str(r["restarts"]), Str(r["endpoint"], "-") }));
                Table(["SERVICE", "REPLICA", "REVISION", "STATE", "RESTARTS", "ENDPOINT"], replicas);
                if (info["schedules"] is JsonArray { Count: > 0 } schedules)
                {
                    Console.WriteLine();
                    Table(["SCHEDULE", "CRON (UTC)", "LAST FIRED", "OUTCOME", "NEXT", "FIRINGS", "FAILED", "MISSED"], schedules.Select(s => new[]
                        { Str(s!["name"]), Str(s["schedule"]), Str(s["lastFiredAt"], "-"), Str(s["lastOutcome"], "-"), Str(s["nextFireAt"], "-"), Str(s["firings"]), Str(s["failures"]), Str(s["missed"]) }));
                }
            });
        });
        yield return status;

        var logsApp = new Argument<string>("app") { Description = "The app name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines." };
        var tail = new Option<int>("--tail") { Description = "How many of the newest lines to print first.", DefaultValueFactory = _ => 200 };
        var logs = new Command("logs", "Print an app's log lines.") { logsApp, vertical, follow, tail };
        logs.SetClientAction(server, async (parse, client, ct) =>
        {
            var path = AppPath(parse.GetValue(logsApp)!, "logs", parse.GetValue(vertical)) + $"{(parse.GetValue(vertical) is null ? "?" : "&")}tail={parse.GetValue(tail)}&follow={parse.GetValue(follow).ToString().ToLowerInvariant()}";
            await using var stream = await client.GetStreamAsync(path, ct).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                Console.WriteLine(line);
            }
        });
        yield return logs;
    }

    private static string AppPath(string app, string what, string? vertical)
        => $"/api/apps/{Uri.EscapeDataString(app)}/{what}{(vertical is null ? "" : "?vertical=" + Uri.EscapeDataString(vertical))}";

    private static string Str(JsonNode? node, string empty = "") => node is null ? empty : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    private static void Print(bool json, JsonNode node, Action table)
    {
        if (json)
        {
            Console.WriteLine(node.ToJsonString(StrataClient.Json));
        }
        else
        {
            table();
        }
    }

    private static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        Console.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
