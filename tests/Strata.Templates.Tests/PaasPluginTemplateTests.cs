using System.IO.Compression;
using System.Xml.Linq;
using Strata.Testing;

namespace Strata.Templates.Tests;

public sealed class PaasPluginTemplateTests(InstalledTemplateHive hive) : IClassFixture<InstalledTemplateHive>
{
    private const string Name = "Acme.Verticals.Demo";

    [Fact]
    public async Task Default_output_matches_the_snapshot_joins_the_solution_builds_and_its_tests_pass()
    {
        using var work = new TempDirectory("paas-plugin");
        await Dotnet(work.Path, "new", "sln", "-n", "Demo").ConfigureAwait(true);

        var result = await Dotnet(work.Path, "new", "paas-plugin", "-n", Name, "-o", ".", "--skipRestore").ConfigureAwait(true);

        Assert.Contains("Successfully added", result.Stdout, StringComparison.Ordinal);
        File.Delete(work.Combine("Demo.slnx"));
        File.Delete(work.Combine("Demo.sln"));
        TemplateSnapshot.Match("default", work.Path);
        hive.WriteNuGetConfig(work.Path);
        var test = await Dotnet(work.Path, "test", $"{Name}.Tests/{Name}.Tests.csproj", "-nodeReuse:false").ConfigureAwait(true);
        Assert.Contains("Passed!", test.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total:     3", test.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_api_and_with_jobs_matches_the_snapshot_builds_and_its_tests_pass()
    {
        using var work = new TempDirectory("paas-plugin");

        await Dotnet(work.Path, "new", "paas-plugin", "-n", Name, "-o", ".", "--api", "false", "--jobs", "true", "--skipRestore").ConfigureAwait(true);

        Assert.False(File.Exists(work.Combine(Name, "DemoApi.cs")));
        TemplateSnapshot.Match("no-api-jobs", work.Path);
        hive.WriteNuGetConfig(work.Path);
        var test = await Dotnet(work.Path, "test", $"{Name}.Tests/{Name}.Tests.csproj", "-nodeReuse:false").ConfigureAwait(true);
        Assert.Contains("Total:     4", test.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contract_project_path_is_referenced_for_compiling_only()
    {
        using var work = new TempDirectory("paas-plugin");
        var contract = Path.Combine(RepoPaths.Root, "src", "Strata.Abstractions", "Strata.Abstractions.csproj");

        await Dotnet(work.Path, "new", "paas-plugin", "-n", Name, "-o", ".", "--StrataAbstractionsPath", contract, "--skipRestore").ConfigureAwait(true);

        TemplateSnapshot.Match("project-reference", work.Path, text => text.Replace(contract, "<repo>/src/Strata.Abstractions/Strata.Abstractions.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_framework_the_template_does_not_offer_is_refused()
    {
        using var work = new TempDirectory("paas-plugin");

        var result = await DotnetCli.RunAsync(work.Path, hive.Environment, "new", "paas-plugin", "-n", Name, "--Framework", "net8.0", "--debug:custom-hive", hive.Hive).ConfigureAwait(true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("net8.0", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Pack_puts_the_plugin_and_its_private_dependencies_in_lib_and_leaves_the_contract_out()
    {
        using var work = new TempDirectory("paas-plugin");
        await Dotnet(work.Path, "new", "paas-plugin", "-n", Name, "-o", ".", "--skipRestore").ConfigureAwait(true);
        var project = work.Combine(Name, Name + ".csproj");
        // A private dependency, taken from the machine's packages through the fallback folder.
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <ItemGroup>
                <PackageReference Include="YamlDotNet" Version="16.3.0" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        hive.WriteNuGetConfig(work.Path);

        await Dotnet(work.Path, "pack", project, "-o", work.Combine("out"), "-p:Version=1.2.3", "-nodeReuse:false").ConfigureAwait(true);

        using var package = ZipFile.OpenRead(work.Combine("out", $"{Name}.1.2.3.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net10.0/{Name}.dll", entries);
        Assert.Contains($"lib/net10.0/{Name}.deps.json", entries);
        Assert.Contains("lib/net10.0/YamlDotNet.dll", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Strata.Abstractions", StringComparison.OrdinalIgnoreCase));
        await using var nuspecStream = package.GetEntry($"{Name}.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "StrataVertical");
        Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "dependency");
    }

    private Task<DotnetResult> Dotnet(string folder, params string[] args) => hive.DotnetAsync(folder, args);
}
