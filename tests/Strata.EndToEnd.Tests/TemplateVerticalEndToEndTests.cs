using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// Issue 6's scenario, offline, with a vertical a vertical author would have: the template package
/// built from the repo is installed into a private hive, <c>dotnet new paas-plugin</c> generates
/// Acme.Verticals.Hello, <c>dotnet pack</c> puts it into a folder feed, and an operator adds,
/// uses, updates and removes it in a running host through the CLI; a build of it against another
/// contract is refused while the host keeps serving.
/// </summary>
public sealed class TemplateVerticalEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const string Id = "Acme.Verticals.Hello";
    private readonly TempDirectory _root = new("strata-template-vertical");

    [Fact]
    public async Task A_generated_vertical_is_added_deployed_updated_and_removed_and_a_build_for_another_contract_is_refused()
    {
        var clock = Stopwatch.StartNew();
        using var hive = new TemplateHive();
        await hive.InstallAsync();
        var source = _root.Combine("src");
        var feed = _root.Combine("feed");
        Directory.CreateDirectory(source);
        await hive.DotnetAsync(source, "new", "paas-plugin", "-n", Id, "-o", ".", "--skipRestore");
        hive.WriteNuGetConfig(source);
        var project = Path.Combine(source, Id, Id + ".csproj");
        var api = Path.Combine(source, Id, "HelloApi.cs");
        await hive.DotnetAsync(source, "pack", project, "-o", feed, "-p:Version=1.0.0", "-nodeReuse:false");
        output.WriteLine($"{clock.Elapsed}: generated and packed 1.0.0");

        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"), "--plugins", _root.Combine("none"), "--plugin-source", feed);
        var server = host.Url.ToString();
        using var http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(60) };
        host.Authorize(http);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v/hello/hello")).StatusCode);

        // Added into the running host: its API answers under /v/hello at once.
        var added = await Strata("plugin", "add", Id, "--source", feed, "--server", server);
        Assert.Contains($"Installed {Id} 1.0.0: vertical 'hello' at /v/hello", added.Stdout, StringComparison.Ordinal);
        Assert.Equal("Hello from the hello vertical 1.0.0.\n", await http.GetStringAsync("/v/hello/hello"));

        // An app of it, from its own template set, built by its package step and run by its mapping.
        var created = await Strata("new", "hello", "app1", "--server", server);
        Assert.Contains("Created hello app 'app1' from template 'site'", created.Stdout, StringComparison.Ordinal);
        await Strata("deploy", "app1", "--server", server);
        var page = await http.GetStringAsync("/apps/hello/app1/");
        Assert.Contains("<h1>app1</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Served by the Hello vertical.", page, StringComparison.Ordinal);
        output.WriteLine($"{clock.Elapsed}: added 1.0.0 and deployed app1");

        // 2.0.0 answers differently; it lands at the same plugins/<id>/<id>.dll path as 1.0.0 did.
        await File.WriteAllTextAsync(api, (await File.ReadAllTextAsync(api)).Replace("Hello from the", "Howdy from the", StringComparison.Ordinal));
        await hive.DotnetAsync(source, "pack", project, "-o", feed, "-p:Version=2.0.0", "-nodeReuse:false");
        var updated = await Strata("plugin", "update", Id, "--server", server);
        Assert.Contains($"Updated {Id} 1.0.0 → 2.0.0; old version unloaded and collected.", updated.Stdout, StringComparison.Ordinal);
        Assert.Equal("Howdy from the hello vertical 2.0.0.\n", await http.GetStringAsync("/v/hello/hello"));
        Assert.Contains("<h1>app1</h1>", await http.GetStringAsync("/apps/hello/app1/"), StringComparison.Ordinal);
        output.WriteLine($"{clock.Elapsed}: updated to 2.0.0");

        var removed = await Strata("plugin", "remove", Id, "--server", server);
        Assert.Contains($"Removed {Id} 2.0.0; its load context was collected.", removed.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v/hello/hello")).StatusCode);
        Assert.DoesNotContain((await http.GetFromJsonAsync<JsonArray>("/api/verticals"))!, v => (string)v!["name"]! == "hello");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/apps")).StatusCode);

        // The same project built against contract 2.0 (a Strata.Abstractions 2.0.0 package in the feed) and packed as 3.0.0.
        await PackContractAsync(hive, "2.0");
        await File.WriteAllTextAsync(project, (await File.ReadAllTextAsync(project)).Replace("Include=\"Strata.Abstractions\" Version=\"0.1.0\"", "Include=\"Strata.Abstractions\" Version=\"2.0.0\"", StringComparison.Ordinal));
        await hive.DotnetAsync(source, "pack", project, "-o", feed, "-p:Version=3.0.0", "-nodeReuse:false");
        var refused = await CliProcess.RunAsync(_root.Path, "plugin", "add", Id, "--version", "3.0.0", "--server", server);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        output.WriteLine(refused.Stderr);
        Assert.Contains("was built for contract 2.0", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v/hello/hello")).StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonArray>("/api/plugins"))!);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/apps")).StatusCode);
        output.WriteLine($"{clock.Elapsed}: removed 2.0.0 and refused 3.0.0 (contract 2.0)");
    }

    public void Dispose() => _root.Dispose();

    private async Task<CliResult> Strata(params string[] args)
    {
        var result = await CliProcess.RunAsync(_root.Path, args);
        Assert.True(result.ExitCode == 0, $"strata {string.Join(' ', args)}: {result}");
        return result;
    }

    /// <summary>Packs the repo's contract source as Strata.Abstractions of another contract version into the hive's feed.</summary>
    private async Task PackContractAsync(TemplateHive hive, string contractVersion)
    {
        var major = contractVersion.Split('.')[0];
        var copy = _root.Combine("contract-" + contractVersion);
        var contractSource = Path.Combine(RepoPaths.Root, "src", "Strata.Abstractions");
        foreach (var file in Directory.GetFiles(contractSource, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(contractSource, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var contract = Path.Combine(copy, "StrataContract.cs");
        // Whatever minor the repo's contract is at now.
        var text = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(contract), "Version = \"1\\.[0-9]+\"", $"Version = \"{contractVersion}\"")
            .Replace("Major = 1;", $"Major = {major};", StringComparison.Ordinal);
        Assert.Contains($"\"{contractVersion}\"", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(contract, text);
        hive.WriteNuGetConfig(copy);
        // The repo's Directory.Build.props does not reach the copy: the settings the contract needs from it.
        await File.WriteAllTextAsync(Path.Combine(copy, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        await hive.DotnetAsync(copy, "pack", "Strata.Abstractions.csproj", "-o", hive.Feed, $"-p:Version={major}.0.0", $"-p:AssemblyVersion={major}.0.0.0", "-p:GeneratePackageOnBuild=false", "-nodeReuse:false");
    }
}
