using System.CommandLine;
using Strata.Cli.Completion;
using Strata.Cli.Rendering;
using Strata.Core;
using Strata.Runtime.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata render &lt;app&gt;</c>: the Kubernetes objects a deploy of a revision applies, from the host, as YAML
/// (for GitOps and review); <c>strata render --host</c>: what runs the Strata host itself in a cluster, made here.
/// To stdout, or with <c>-d dir</c> one file per object named <c>&lt;kind&gt;-&lt;name&gt;.yaml</c>.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext cli)
    {
        var app = new Argument<string?>("app") { Description = "The app to render (omit with --host).", Arity = ArgumentArity.ZeroOrOne };
        app.CompletionSources.Add(HostCompletions.AppNames(cli));
        var revision = new Option<int?>("--revision", "-r") { Description = "The recorded revision to render (default: the current one)." };
        var vertical = HostCompletions.VerticalOption(cli);
        // --dir, not --output: -o/--output is the global output format.
        var output = new Option<string?>("--dir", "-d") { Description = "Write one file per object into this folder (<kind>-<name>.yaml) instead of to stdout." };
        var includeSecrets = new Option<bool>("--include-secrets") { Description = "Render Secret values as they are (default: replaced by a placeholder, so renders can go into Git)." };
        var host = new Option<bool>("--host") { Description = "Render what runs the Strata host in a cluster (namespace, RBAC, volume, Deployment, Service); needs no host." };
        var image = new Option<string?>("--image") { Description = "With --host: the host's container image." };
        var hostNamespace = new Option<string?>("--namespace") { Description = "With --host: the host's namespace (default: strata-system)." };
        var command = new Command("render", "Write the Kubernetes objects of an app revision, or of the host itself, as YAML.")
        {
            app, revision, vertical, output, includeSecrets, host, image, hostNamespace,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (cli.FormatOf(parse) == OutputFormat.Json)
            {
                return await InvalidAsync(cli, "error: --output json: render writes YAML; drop --output json.").ConfigureAwait(false);
            }

            var name = parse.GetValue(app);
            if (parse.GetValue(host))
            {
                if (name is not null || parse.GetValue(revision) is not null || parse.GetValue(includeSecrets))
                {
                    return await InvalidAsync(cli, "error: --host renders the host itself; it takes no app, --revision or --include-secrets.").ConfigureAwait(false);
                }

                return await CliRun.GuardAsync(cli.Console, () => RenderHostAsync(cli.Console, parse.GetValue(image), parse.GetValue(hostNamespace), parse.GetValue(output), ct)).ConfigureAwait(false);
            }

            if (name is null)
            {
                return await InvalidAsync(cli, "error: name the app to render (strata render <app>), or pass --host to render the host.").ConfigureAwait(false);
            }

            if (parse.GetValue(image) is not null || parse.GetValue(hostNamespace) is not null)
            {
                return await InvalidAsync(cli, "error: --image and --namespace go with --host.").ConfigureAwait(false);
            }

            return await CliRun.RunClientAsync(parse, cli, async (parse, client, ct) =>
            {
                var query = new List<string> { $"includeSecrets={parse.GetValue(includeSecrets).ToString().ToLowerInvariant()}" };
                if (parse.GetValue(revision) is { } number)
                {
                    query.Add($"revision={number}");
                }

                if (parse.GetValue(vertical) is { } v)
                {
                    query.Add("vertical=" + Uri.EscapeDataString(v));
                }

                var (yaml, headers) = await client.GetTextAsync($"/api/apps/{Uri.EscapeDataString(name)}/render?{string.Join("&", query)}", ct).ConfigureAwait(false);
                await WriteAsync(cli.Console, Split(yaml), parse.GetValue(output), ct).ConfigureAwait(false);
                if (headers.TryGetValues("Strata-Redacted-Secrets", out var redacted))
                {
                    await cli.Console.ErrorWriter.WriteLineAsync($"note: the values of Secret {string.Join(", ", redacted)} are replaced by '{KubernetesRender.RedactedValue}'; supply them from a secret manager, or render with --include-secrets.").ConfigureAwait(false);
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> InvalidAsync(CliContext cli, string line)
    {
        await cli.Console.ErrorWriter.WriteLineAsync(line).ConfigureAwait(false);
        return CliException.InvalidInput;
    }

    private static async Task RenderHostAsync(CliConsole console, string? image, string? ns, string? output, CancellationToken ct)
    {
        var options = new HostManifestOptions();
        options = options with { Image = image ?? options.Image, Namespace = ns ?? options.Namespace };
        IReadOnlyList<k8s.IKubernetesObject> objects;
        try
        {
            objects = HostManifests.Build(options);
        }
        catch (StrataException ex)
        {
            throw new CliException(CliException.InvalidInput, $"error: --{ex.Path}: {ex.Message}");
        }

        await WriteAsync(console, Split(KubernetesRender.ToYaml(objects)), output, ct).ConfigureAwait(false);
    }

    /// <summary>The documents of a render, each with its kind and name (for file names).</summary>
    private static List<(string Kind, string Name, string Yaml)> Split(string yaml)
    {
        var documents = new List<(string, string, string)>();
        foreach (var text in yaml.ReplaceLineEndings("\n").Split("\n---\n").Select(d => d.TrimEnd('\n') + "\n").Where(d => d.Trim().Length > 0))
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw new CliException(CliException.HostRefused, $"error: the host's render is not valid YAML ({ex.Message}).");
            }

            var root = stream.Documents.Single().RootNode as YamlMappingNode;
            var kind = (root?.Children.TryGetValue("kind", out var k) == true ? (k as YamlScalarNode)?.Value : null) ?? "object";
            var name = root?.Children.TryGetValue("metadata", out var m) == true && m is YamlMappingNode metadata
                && metadata.Children.TryGetValue("name", out var n) ? (n as YamlScalarNode)?.Value ?? "unnamed" : "unnamed";
            documents.Add((kind, name, text));
        }

        return documents;
    }

    private static async Task WriteAsync(CliConsole console, List<(string Kind, string Name, string Yaml)> documents, string? output, CancellationToken ct)
    {
        if (output is null)
        {
            await console.OutWriter.WriteAsync(string.Join("---\n", documents.Select(d => d.Yaml))).ConfigureAwait(false);
            return;
        }

        var folder = Path.GetFullPath(output);
        Directory.CreateDirectory(folder);
        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, name, yaml) in documents)
        {
            var file = $"{kind.ToLowerInvariant()}-{name}.yaml";
            if (!written.Add(file))
            {
                throw new CliException(CliException.HostRefused, $"error: two objects would both be written to {file}.");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, file), yaml, ct).ConfigureAwait(false);
        }

        console.WriteLine($"Wrote {documents.Count} objects to {folder}");
    }
}
