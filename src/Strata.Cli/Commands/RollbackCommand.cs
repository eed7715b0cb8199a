using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary><c>strata rollback &lt;app&gt; --revision N</c>: rolls the app to a recorded revision, the same way a deploy rolls.</summary>
internal static class RollbackCommand
{
    public static Command Create(Option<string> server)
    {
        var app = new Argument<string>("app") { Description = "The app name." };
        var revision = new Option<int>("--revision", "-r") { Description = "The recorded revision to serve (see 'strata status').", Required = true };
        var vertical = new Option<string?>("--vertical") { Description = "The app's vertical, where two verticals have apps of that name." };
        var command = new Command("rollback", "Serve an earlier (or later) recorded revision of an app.") { app, revision, vertical };
        command.SetClientAction(server, async (parse, client, ct) =>
        {
            var query = parse.GetValue(vertical) is { } v ? "?vertical=" + Uri.EscapeDataString(v) : "";
            var response = await client.PostJsonAsync($"/api/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}/rollback{query}", new { revision = parse.GetValue(revision) }, ct).ConfigureAwait(false);
            Console.WriteLine($"Rolled back: {response!["app"]} revision {response["revision"]} → {response["url"]}");
        });
        return command;
    }
}
