using System.CommandLine;
using System.Text.Json.Nodes;
using Strata.Cli.Completion;
using Strata.Cli.Rendering;
using static Strata.Cli.Rendering.TableView;

namespace Strata.Cli.Commands;

/// <summary><c>strata apps | verticals | status | revisions | jobs | logs</c>: what the host has and runs.</summary>
internal static class InspectCommands
{
    public static IEnumerable<Command> Create(CliContext cli)
    {
        var apps = new Command("apps", "List the apps.");
        apps.SetClientAction(cli, async (parse, client, ct) =>
        {
            var list = await client.GetAsync("/api/apps", ct).ConfigureAwait(false);
            cli.Print(parse, list, console => Apps(console, list!.AsArray()));
        });
        yield return apps;

        var verticals = new Command("verticals", "List the verticals the host loaded, refused or failed.");
        verticals.SetClientAction(cli, async (parse, client, ct) =>
        {
            var list = await client.GetAsync("/api/verticals", ct).ConfigureAwait(false);
            cli.Print(parse, list, console => Verticals(console, list!.AsArray()));
        });
        yield return verticals;

        var vertical = HostCompletions.VerticalOption(cli);

        var statusApp = HostCompletions.AppArgument(cli);
        var status = new Command("status", "Show what runs for an app: replicas, schedules and recent deployments.") { statusApp, vertical };
        status.SetClientAction(cli, async (parse, client, ct) =>
        {
            var info = await client.GetAsync(AppPath(parse.GetValue(statusApp)!, "status", parse.GetValue(vertical)), ct).ConfigureAwait(false);
            cli.Print(parse, info, console => Status(console, info!));
        });
        yield return status;

        var revisionsApp = HostCompletions.AppArgument(cli);
        var revisions = new Command("revisions", "List an app's recorded revisions, newest first.") { revisionsApp, vertical };
        revisions.SetClientAction(cli, async (parse, client, ct) =>
        {
            var list = await client.GetAsync(AppPath(parse.GetValue(revisionsApp)!, "revisions", parse.GetValue(vertical)), ct).ConfigureAwait(false);
            cli.Print(parse, list, console => Revisions(console, list!.AsArray()));
        });
        yield return revisions;

        var jobsApp = HostCompletions.AppArgument(cli);
        var jobs = new Command("jobs", "List an app's jobs: state and counts of their completions.") { jobsApp, vertical };
        jobs.SetClientAction(cli, async (parse, client, ct) =>
        {
            var list = await client.GetAsync(AppPath(parse.GetValue(jobsApp)!, "jobs", parse.GetValue(vertical)), ct).ConfigureAwait(false);
            cli.Print(parse, list, console => Jobs(console, list!.AsArray()));
        });
        yield return jobs;

        var logsApp = HostCompletions.AppArgument(cli);
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines." };
        var tail = new Option<int>("--tail") { Description = "How many of the newest lines to print first.", DefaultValueFactory = _ => 200 };
        var logs = new Command("logs", "Print an app's log lines (text; --output json does not apply).") { logsApp, vertical, follow, tail };
        logs.SetClientAction(cli, async (parse, client, ct) =>
        {
            cli.RefuseJson(parse, "logs are text lines");
            var path = AppPath(parse.GetValue(logsApp)!, "logs", parse.GetValue(vertical)) + $"{(parse.GetValue(vertical) is null ? "?" : "&")}tail={parse.GetValue(tail)}&follow={parse.GetValue(follow).ToString().ToLowerInvariant()}";
            await using var stream = await client.GetStreamAsync(path, ct).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                cli.Console.WriteLine(line);
                if (parse.GetValue(follow))
                {
                    await cli.Console.OutWriter.FlushAsync(ct).ConfigureAwait(false);
                }
            }
        });
        yield return logs;
    }

    /// <summary>The table of <c>GET /api/apps</c>.</summary>
    internal static void Apps(CliConsole console, JsonArray list)
        => console.WriteTable(Build(console.Rich, ["APP", "VERTICAL", "REVISION", "RUNTIME", "URL"],
            list.Select(a => new[] { Cell(a!["name"]), Cell(a["vertical"]), Cell(a["currentRevision"], "-"), Cell(a["runtime"], "local"), Cell(a["url"]) })));

    /// <summary>The table of <c>GET /api/verticals</c>.</summary>
    internal static void Verticals(CliConsole console, JsonArray list)
        => console.WriteTable(Build(console.Rich, ["VERTICAL", "VERSION", "STATE", "TEMPLATES", "REASON"],
            list.Select(v => new[] { Cell(v!["name"]), Cell(v["version"], "-"), Cell(v["state"]), string.Join(",", (v["templates"] as JsonArray ?? []).Select(t => Cell(t))), Cell(v["reason"]) })));

    /// <summary>The table of <c>GET /api/apps/{app}/revisions</c>.</summary>
    internal static void Revisions(CliConsole console, JsonArray list)
        => console.WriteTable(Build(console.Rich, ["REVISION", "SERVING", "CREATED", "SOURCE HASH"],
            list.Select(r => new[] { Cell(r!["number"]), r["serving"]?.GetValue<bool>() == true ? "yes" : "", Cell(r["createdAt"]), Cell(r["sourceHash"]) })));

    /// <summary>The table of <c>GET /api/apps/{app}/jobs</c>.</summary>
    internal static void Jobs(CliConsole console, JsonArray list)
    {
        if (list.Count == 0)
        {
            console.WriteLine("No jobs.");
            return;
        }

        console.WriteTable(Build(console.Rich, ["JOB", "STATE", "SUCCEEDED", "FAILED", "ACTIVE", "MESSAGE"],
            list.Select(j => new[] { Cell(j!["name"]), Cell(j["state"]), $"{Cell(j["succeeded"])}/{Cell(j["completions"])}", Cell(j["failed"]), Cell(j["active"]), Cell(j["message"]) })));
    }

    /// <summary>The view of <c>GET /api/apps/{app}/status</c>: a summary line, the replicas, schedules and recent deployments.</summary>
    internal static void Status(CliConsole console, JsonNode info)
    {
        var runtime = Cell(info["runtime"], "local");
        var where = runtime == "local" ? $"at {Cell(info["url"])}" : $"on {runtime}";
        console.WriteLine($"{Cell(info["app"])} ({Cell(info["vertical"])}) revision {Cell(info["currentRevision"], "-")}, serving {Cell(info["servingRevision"], "none")} {where}");
        var replicas = (info["services"] as JsonArray ?? []).SelectMany(s => (s!["replicas"] as JsonArray ?? []).Select(r => new[]
            { Cell(s["name"]), Cell(r!["id"]), Cell(r["revision"]), Cell(r["state"]), Cell(r["restarts"]), Cell(r["endpoint"], "-") }));
        console.WriteTable(Build(console.Rich, ["SERVICE", "REPLICA", "REVISION", "STATE", "RESTARTS", "ENDPOINT"], replicas));
        if (info["schedules"] is JsonArray { Count: > 0 } schedules)
        {
            console.WriteLine();
            console.WriteTable(Build(console.Rich, ["SCHEDULE", "CRON (UTC)", "LAST FIRED", "OUTCOME", "NEXT", "FIRINGS", "FAILED", "MISSED"], schedules.Select(s => new[]
                { Cell(s!["name"]), Cell(s["schedule"]), Cell(s["lastFiredAt"], "-"), Cell(s["lastOutcome"], "-"), Cell(s["nextFireAt"], "-"), Cell(s["firings"]), Cell(s["failures"]), Cell(s["missed"]) })));
        }

        if (info["deployments"] is JsonArray { Count: > 0 } deployments)
        {
            console.WriteLine();
            console.WriteTable(Build(console.Rich, ["DEPLOYMENT", "REVISION", "STATE", "STARTED", "FINISHED", "MESSAGE"], deployments.Take(5).Select(d => new[]
                { Cell(d!["id"]), Cell(d["revision"]), Cell(d["state"]), Cell(d["startedAt"]), Cell(d["finishedAt"], "-"), Cell(d["state"]) == "Failed" ? Cell(d["message"]) : "" })));
        }
    }

    private static string AppPath(string app, string what, string? vertical)
        => $"/api/apps/{Uri.EscapeDataString(app)}/{what}{(vertical is null ? "" : "?vertical=" + Uri.EscapeDataString(vertical))}";
}
