using System.CommandLine;
using Strata.Cli.Completion;

namespace Strata.Cli.Commands;

/// <summary><c>strata rollback &lt;app&gt; --revision N</c>: rolls the app to a recorded revision, the same way a deploy rolls.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliContext cli)
    {
        var app = HostCompletions.AppArgument(cli);
        var revision = new Option<int>("--revision", "-r") { Description = "The recorded revision to serve (see 'strata status').", Required = true };
        var vertical = HostCompletions.VerticalOption(cli);
        var command = new Command("rollback", "Serve an earlier (or later) recorded revision of an app.") { app, revision, vertical };
        command.SetClientAction(cli, async (parse, client, ct) =>
        {
            var query = parse.GetValue(vertical) is { } v ? "?vertical=" + Uri.EscapeDataString(v) : "";
            var response = await client.PostJsonAsync($"/api/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}/rollback{query}", new { revision = parse.GetValue(revision) }, ct).ConfigureAwait(false);
            cli.Print(parse, response, console => console.WriteLine($"Rolled back: {response!["app"]} revision {response["revision"]} → {response["url"]}"));
        });
        return command;
    }
}
