using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Images;
using Strata.Server;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata up</c>: runs a host on the embedded default (Local runtime, SQLite) in this process.
/// <c>--demo</c> also deploys the bundled sample apps and prints their URLs.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => 5480 };
        var address = new Option<string>("--address") { Description = "The IP address to listen on: 127.0.0.1 (this machine only), or 0.0.0.0 inside a container or pod.", DefaultValueFactory = _ => "127.0.0.1" };
        var data = new Option<string>("--data") { Description = "The host's data folder.", DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, ".strata") };
        var plugins = new Option<string[]>("--plugins") { Description = "Folders of vertical plugin folders (default: the bundled verticals and <data>/plugins).", AllowMultipleArgumentsPerToken = true };
        var demo = new Option<bool>("--demo") { Description = "Deploy the bundled sample apps and print their URLs." };
        var samples = new Option<string>("--samples") { Description = "The folder of sample apps --demo deploys.", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "samples") };
        var registry = new Option<string>("--registry") { Description = "Push each revision's image to this registry (host:port); plain HTTP when it is a loopback address." };
        var baseImage = new Option<string>("--base-image") { Description = "The base image of revision images (default: one Strata seeds from this machine's .NET runtime)." };
        var containers = new Option<bool>("--containers") { Description = "Run revisions from their images through podman instead of as processes (needs --registry)." };
        var pluginSources = new Option<string[]>("--plugin-source") { Description = "A NuGet feed URL or folder of .nupkg files 'strata plugin add' may install from (repeatable; adds to Strata:Plugins:Sources).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("up", "Run a Strata host on this machine (Local runtime, SQLite).") { port, address, data, plugins, demo, samples, registry, baseImage, containers, pluginSources };
        command.SetAction(async (parse, ct) =>
        {
            if (!System.Net.IPAddress.TryParse(parse.GetValue(address), out var ip))
            {
                await Console.Error.WriteLineAsync($"error: --address '{parse.GetValue(address)}' is not an IP address; use 127.0.0.1 or 0.0.0.0.").ConfigureAwait(false);
                return CliException.InvalidInput;
            }

            var dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var pluginDirectories = parse.GetValue(plugins) is { Length: > 0 } given
                ? given.Select(Path.GetFullPath).ToList()
                : new List<string> { Path.Combine(AppContext.BaseDirectory, "plugins"), Path.Combine(dataDirectory, "plugins") };
            var registryAddress = parse.GetValue(registry);
            var options = new StrataServerOptions
            {
                DataDirectory = dataDirectory,
                PluginDirectories = pluginDirectories,
                Url = $"http://{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString())}:{parse.GetValue(port)}",
                Registry = new RegistryOptions { Address = registryAddress, PlainHttp = IsLoopback(registryAddress), BaseImage = parse.GetValue(baseImage) },
                Containers = parse.GetValue(containers),
                LogAdminToken = false,
            };
            if (options.Containers && PodmanProblem() is { } podman)
            {
                await Console.Error.WriteLineAsync($"error: --containers needs podman: {podman}").ConfigureAwait(false);
                return CliException.InvalidInput;
            }

            WebApplication built;
            try
            {
                built = StrataServer.Build(options, builder =>
                {
                    ConfigureLogging(builder);
                    var configured = builder.Configuration.GetSection("Strata:Plugins:Sources").GetChildren().Count();
                    builder.Configuration.AddInMemoryCollection((parse.GetValue(pluginSources) ?? []).Select((source, i) => KeyValuePair.Create(
                        $"Strata:Plugins:Sources:{configured + i}",
                        (string?)(Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? source : Path.GetFullPath(source)))));
                });
            }
            catch (Core.StrataException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return CliException.InvalidInput;
            }

            await using var app = built;

            await app.StartAsync(ct).ConfigureAwait(false);
            var url = StrataServer.PublicAddress(app);
            var token = await CliRun.GuardAsync(() => KeepAdminTokenAsync(app, new Uri(url))).ConfigureAwait(false);
            Console.WriteLine($"Strata host listening on {url} (data: {dataDirectory})");
            Console.WriteLine($"  verticals: {url}/api/verticals   OpenAPI: {url}/openapi/v1.json");
            var exit = token;
            if (parse.GetValue(demo))
            {
                exit = await CliRun.GuardAsync(() => DeploySamplesAsync(new Uri(url), parse.GetValue(samples)!, ct)).ConfigureAwait(false);
            }

            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return exit;
        });
        return command;
    }

    /// <summary>
    /// On the host's first start, shows its admin token once and keeps it in the CLI config for this host's
    /// URL, so the next 'strata' commands on this machine are signed in; on later starts, says how to sign in
    /// when the config has no token for this host.
    /// </summary>
    private static Task KeepAdminTokenAsync(WebApplication app, Uri url)
    {
        if (app.Services.GetRequiredService<Strata.Server.Auth.BootstrapAdminToken>().Text is { } text)
        {
            var path = CliConfig.SaveToken(url, text);
            Console.WriteLine($"Created the first admin token; it is shown only now and saved (owner-only) in {path}:");
            Console.WriteLine($"  {text}");
        }
        else if (Environment.GetEnvironmentVariable("STRATA_TOKEN") is not { Length: > 0 } && CliConfig.Load().TokenOf(url) is null)
        {
            Console.WriteLine($"  No token for {CliConfig.Key(url)} in {CliConfig.FilePath}: run 'strata login --server {url}' with a token of this host.");
        }

        return Task.CompletedTask;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        // The console shows what Strata does; the framework speaks only when something is wrong.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning);
    }

    // Why podman cannot run containers here, or null when it answers.
    private static string? PodmanProblem()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("podman", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return "'podman --version' did not answer within 30 s.";
            }

            return process.ExitCode == 0 ? null : $"'podman --version' exited with {process.ExitCode}.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "podman is not installed; install podman and runc (Debian: apt-get install podman runc, or run eng/setup.sh as root), or run without --containers.";
        }
    }

    private static bool IsLoopback(string? address) =>
        !string.IsNullOrWhiteSpace(address) && Uri.TryCreate("http://" + address.Trim(), UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static async Task DeploySamplesAsync(Uri server, string samples, CancellationToken ct)
    {
        if (!Directory.Exists(samples))
        {
            throw new CliException(CliException.InvalidInput, $"error: no sample apps at '{samples}'; pass --samples <folder>.");
        }

        using var client = new StrataClient(server, CliConfig.TokenFor(server));
        foreach (var folder in Directory.GetDirectories(samples).Order(StringComparer.Ordinal).Where(d => File.Exists(Path.Combine(d, "strata.yaml"))))
        {
            var parsed = await Core.Manifest.AppManifestParser.LoadAsync(folder, ct).ConfigureAwait(false);
            if (!parsed.IsValid)
            {
                Console.Error.WriteLine($"  skipped {Path.GetFileName(folder)}: {string.Join("; ", parsed.Problems)}");
                continue;
            }

            Console.WriteLine($"Deploying sample {parsed.Manifest!.Vertical}/{parsed.Manifest.Name} ...");
            try
            {
                var response = await DeployCommand.UploadAsync(client, parsed.Manifest, folder, ct).ConfigureAwait(false);
                Console.WriteLine($"  {parsed.Manifest.Name} revision {response["revision"]} → {response["url"]}");
            }
            catch (CliException ex)
            {
                // One sample that fails must not stop the others or the host.
                foreach (var line in ex.Lines)
                {
                    Console.Error.WriteLine($"  {parsed.Manifest.Name}: {line}");
                }
            }
        }
    }
}
