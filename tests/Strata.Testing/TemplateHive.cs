namespace Strata.Testing;

/// <summary>
/// The template package the build produced, installed into a private <c>dotnet new</c> hive, and an
/// offline NuGet set-up for building what it generates: a local folder feed holding the built
/// Strata.Abstractions package, a fresh global packages folder, and the machine's packages as a
/// read-only fallback (so test packages such as xunit restore without a network).
/// </summary>
/// <remarks>The test project must reference Strata.Templates and Strata.Abstractions (ReferenceOutputAssembly=false) so that both are packed before it runs.</remarks>
public class TemplateHive : IDisposable
{
    private readonly TempDirectory _root = new("strata-templates");

    /// <summary>The private hive: pass it to <c>dotnet new</c> as <c>--debug:custom-hive</c> (<see cref="DotnetAsync"/> does).</summary>
    public string Hive => _root.Combine("hive");

    /// <summary>The local folder feed the generated projects restore Strata.Abstractions from.</summary>
    public string Feed => _root.Combine("feed");

    /// <summary>The fresh global packages folder (<c>NUGET_PACKAGES</c>) of every <c>dotnet</c> run.</summary>
    public string Packages => _root.Combine("packages");

    /// <summary>The environment of every <c>dotnet</c> run against this hive.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Packages,
        ["DOTNET_CLI_HOME"] = _root.Combine("home"),
    };

    /// <summary>The template package the build of <c>templates/Strata.Templates</c> produced.</summary>
    public static string TemplatePackage => PackageOf("templates/Strata.Templates", "Strata.Templates");

    /// <summary>The contract package the build of <c>src/Strata.Abstractions</c> produced.</summary>
    public static string AbstractionsPackage => PackageOf("src/Strata.Abstractions", "Strata.Abstractions");

    /// <summary>Puts the contract package into <see cref="Feed"/> and installs the template package into <see cref="Hive"/>.</summary>
    public async Task InstallAsync()
    {
        Directory.CreateDirectory(Feed);
        File.Copy(AbstractionsPackage, Path.Combine(Feed, Path.GetFileName(AbstractionsPackage)), overwrite: true);
        var install = await DotnetCli.RunAsync(_root.Path, Environment, "new", "install", TemplatePackage, "--debug:custom-hive", Hive).ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException(install.ToString());
        }
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="args"/></c> in <paramref name="folder"/> with this hive's environment
    /// (and, for <c>dotnet new</c> of a template, its <c>--debug:custom-hive</c>); throws unless it succeeds.
    /// </summary>
    public async Task<DotnetResult> DotnetAsync(string folder, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string[] hiveArgs = args is ["new", not "sln", ..] ? ["--debug:custom-hive", Hive] : [];
        return (await DotnetCli.RunAsync(folder, Environment, [.. args, .. hiveArgs]).ConfigureAwait(false)).Succeeded();
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

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the hive, feed and packages folder.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _root.Dispose();
        }
    }

    private static string PackageOf(string projectFolder, string id)
    {
        var folder = Path.GetDirectoryName(RepoPaths.BuildOutput(projectFolder))!;
        return Directory.Exists(folder) && Directory.GetFiles(folder, id + ".*.nupkg").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() is { } package
            ? package
            : throw new InvalidOperationException($"{id} is not packed in {folder}; build Framework.sln first (the project packs on build).");
    }
}
