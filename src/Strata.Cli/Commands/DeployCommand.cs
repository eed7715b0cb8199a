using System.CommandLine;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Strata.Core.Building;
using Strata.Core.Manifest;
using Strata.Manifest;
using Strata.Cli.Rendering;
using Spectre.Console;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata deploy [dir]</c>: checks <c>strata.yaml</c> locally (every problem, one line each), sends the
/// folder as a tar.gz, and prints the revision and URL the host answers with.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliContext cli)
    {
        var dir = new Argument<string>("dir") { Description = "The app folder (default: the current folder).", DefaultValueFactory = _ => "." };
        var runtime = new Option<string?>("--runtime") { Description = "Where the app runs: local (the host's machine) or kubernetes (the cluster the host's KUBECONFIG names). Default: where it runs now, or local." };
        runtime.AcceptOnlyFromAmong("local", "kubernetes");
        var command = new Command("deploy", "Build and roll out a new revision of the app in a folder.") { dir, runtime };
        command.SetClientAction(cli, async (parse, client, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(dir)!);
            var parsed = await AppManifestParser.LoadAsync(folder, ct).ConfigureAwait(false);
            // Only a manifest without a readable name and vertical stops here; the host reports
            // everything else (including the vertical's spec problems) in one answer.
            if (parsed.Manifest is null)
            {
                throw new CliException(CliException.InvalidInput, [.. parsed.Problems.Select(p => $"error: strata.yaml: {(p.Path.Length == 0 ? "" : p.Path + ": ")}{p.Message}")]);
            }

            var manifest = parsed.Manifest!;
            var json = cli.FormatOf(parse) == OutputFormat.Json;
            if (!json)
            {
                cli.Console.WriteLine($"Deploying {manifest.Vertical} app '{manifest.Name}' from {folder} ...");
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await ProgressView.RunAsync(cli.Console, $"Building and rolling out {manifest.Vertical}/{manifest.Name}",
                () => UploadAsync(client, manifest, folder, ct, parse.GetValue(runtime))).ConfigureAwait(false);
            if (json)
            {
                cli.Console.WriteJson(response);
                return;
            }

            Result(cli.Console, response, clock.Elapsed);
        });
        return command;
    }

    /// <summary>
    /// What a deploy did: its build steps (a table on a terminal; indented plain lines elsewhere, which scripts
    /// and tests read), the image, and the revision and URL.
    /// </summary>
    internal static void Result(CliConsole console, JsonNode response, TimeSpan elapsed)
    {
        var steps = response["steps"] as JsonArray ?? [];
        if (console.Rich)
        {
            var table = TableView.Build(rich: true, ["STEP", "STATUS", "TIME"],
                steps.Select(s => new[] { TableView.Cell(s!["name"]), TableView.Cell(s["status"]).ToLowerInvariant(), $"{TableView.Cell(s["seconds"])}s" }));
            table.Caption = new TableTitle($"{elapsed.TotalSeconds:0.0}s in all");
            console.WriteTable(table);
        }
        else
        {
            foreach (var step in steps)
            {
                console.WriteLine($"  {TableView.Cell(step!["name"]),-16} {TableView.Cell(step["status"]).ToLowerInvariant(),-8} {TableView.Cell(step["seconds"])}s");
            }
        }

        if (response["image"] is { } image && TableView.Cell(image) is { Length: > 0 } reference)
        {
            console.WriteLine($"  image            {reference}");
        }

        var verb = response["unchanged"]?.GetValue<bool>() == true ? "Unchanged" : "Deployed";
        var on = TableView.Cell(response["runtime"], "local");
        var app = TableView.Cell(response["app"]);
        console.WriteLine(on == "local"
            ? $"{verb}: {app} revision {TableView.Cell(response["revision"])} → {TableView.Cell(response["url"])}"
            : $"{verb}: {app} revision {TableView.Cell(response["revision"])} on {on} (the cluster routes it; see strata status {app})");
    }

    /// <summary>Sends the app folder to the host as a tar.gz and returns the host's deploy answer.</summary>
    internal static async Task<JsonNode> UploadAsync(StrataClient client, AppManifest manifest, string folder, CancellationToken ct, string? runtime = null)
    {
        using var archive = await PackAsync(folder, ct).ConfigureAwait(false);
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var query = $"vertical={Uri.EscapeDataString(manifest.Vertical)}" + (runtime is null ? "" : $"&runtime={Uri.EscapeDataString(runtime)}");
        return (await client.PostAsync($"/api/apps/{Uri.EscapeDataString(manifest.Name)}/deploy?{query}", content, ct).ConfigureAwait(false))!;
    }

    /// <summary>Packs the app folder into a tar.gz in memory, leaving build outputs out.</summary>
    private static async Task<MemoryStream> PackAsync(string folder, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var file in Enumerate(folder, folder))
            {
                await tar.WriteEntryAsync(file, Path.GetRelativePath(folder, file).Replace('\\', '/'), ct).ConfigureAwait(false);
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    private static IEnumerable<string> Enumerate(string root, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => !SourceFolders.IsExcluded(Path.GetFileName(d))).Order(StringComparer.Ordinal))
        {
            foreach (var file in Enumerate(root, sub))
            {
                yield return file;
            }
        }
    }
}
