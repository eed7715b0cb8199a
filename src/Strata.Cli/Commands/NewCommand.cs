using System.CommandLine;
using Strata.Cli.Completion;
using Strata.Cli.Rendering;

namespace Strata.Cli.Commands;

/// <summary><c>strata new &lt;vertical&gt; &lt;app&gt;</c>: renders one of the vertical's template sets into <c>./&lt;app&gt;</c>.</summary>
internal static class NewCommand
{
    public static Command Create(CliContext cli)
    {
        var vertical = new Argument<string>("vertical") { Description = "The vertical, e.g. functions (see 'strata verticals')." };
        vertical.CompletionSources.Add(HostCompletions.VerticalNames(cli));
        var app = new Argument<string>("app") { Description = "The new app's name (DNS-safe)." };
        var template = new Option<string?>("--template", "-t") { Description = "The template set (default: the vertical's first)." };
        // --dir, not --output: -o/--output is the global output format.
        var dir = new Option<string?>("--dir", "-d") { Description = "The folder to create (default: ./<app>)." };
        var command = new Command("new", "Create a new app from a vertical's templates.") { vertical, app, template, dir };
        command.SetClientAction(cli, async (parse, client, ct) =>
        {
            var name = parse.GetValue(app)!;
            var target = Path.GetFullPath(parse.GetValue(dir) ?? name);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new CliException(CliException.InvalidInput, $"error: '{target}' exists and is not empty; choose another --dir.");
            }

            var json = cli.FormatOf(parse) == OutputFormat.Json;

            var response = await client.PostJsonAsync($"/api/verticals/{Uri.EscapeDataString(parse.GetValue(vertical)!)}/new", new { app = name, template = parse.GetValue(template) }, ct).ConfigureAwait(false);
            foreach (var file in response!["files"]!.AsArray())
            {
                var path = Path.GetFullPath(Path.Combine(target, file!["path"]!.GetValue<string>()));
                if (!path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new CliException(CliException.HostRefused, $"error: the host sent a file outside the app folder: {file["path"]}");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, file["content"]!.GetValue<string>(), ct).ConfigureAwait(false);
                if (!json)
                {
                    cli.Console.WriteLine($"  created {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
                }
            }

            if (json)
            {
                cli.Console.WriteJson(response);
                return;
            }

            cli.Console.WriteLine($"Created {response["vertical"]} app '{name}' from template '{response["template"]}'. Next: cd {Path.GetRelativePath(Environment.CurrentDirectory, target)} && strata deploy");
        });
        return command;
    }
}
