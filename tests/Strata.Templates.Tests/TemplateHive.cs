using Strata.Testing;

namespace Strata.Templates.Tests;

/// <summary>
/// The template package the build produced, installed into a private <c>dotnet new</c> hive, and an
/// offline NuGet set-up for building what it generates: a local folder feed holding the built
/// Strata.Abstractions package, a fresh global packages folder, and the machine's packages as a
/// read-only fallback (so test packages such as xunit restore without a network).
/// </summary>
public sealed class TemplateHive : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _root = new("strata-templates");

    public string Hive => _root.Combine("hive");

    public string Feed => _root.Combine("feed");

    public string Packages => _root.Combine("packages");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Packages,
        ["DOTNET_CLI_HOME"] = _root.Combine("home"),
    };

    public static string TemplatePackage => PackageOf("templates/Strata.Templates", "Strata.Templates");

    public static string AbstractionsPackage => PackageOf("src/Strata.Abstractions", "Strata.Abstractions");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        File.Copy(AbstractionsPackage, Path.Combine(Feed, Path.GetFileName(AbstractionsPackage)));
        var install = await DotnetCli.RunAsync(_root.Path, Environment, "new", "install", TemplatePackage, "--debug:custom-hive", Hive).ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException(install.ToString());
        }
    }

    /// <summary>A NuGet.config for a generated folder: only the local feed, the machine's packages as fallback.</summary>
    public void WriteNuGetConfig(string folder)
    {
        var machinePackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();

    private static string PackageOf(string projectFolder, string id)
    {
        var folder = Path.GetDirectoryName(RepoPaths.BuildOutput(projectFolder))!;
        return Directory.Exists(folder) && Directory.GetFiles(folder, id + ".*.nupkg").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() is { } package
            ? package
            : throw new InvalidOperationException($"{id} is not packed in {folder}; build Framework.sln first (the project packs on build).");
    }
}
