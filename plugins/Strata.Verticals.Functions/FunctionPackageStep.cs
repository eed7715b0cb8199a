using System.Security;
using Strata.Building;
using Strata.Workloads;

namespace Strata.Verticals.Functions;

/// <summary>
/// The <c>package</c> build step: wraps the app's handler in a generated Kestrel host project and
/// publishes it with <c>dotnet publish</c>. The project lives in the step's work folder (so
/// MSBuild builds incrementally) and compiles the sources where they are.
/// </summary>
internal static class FunctionPackageStep
{
    public static BuildStep Create() => new(WellKnownBuildSteps.Package, RunAsync)
    {
        Inputs = ["**/*.cs", "strata.yaml"],
        CacheKey = "function-host/2",
    };

    private static async Task RunAsync(IBuildContext context)
    {
        var spec = FunctionSpec.Parse(context.Manifest.Spec);
        var work = context.WorkDirectory;

        // Stop MSBuild from importing Directory.Build.props/targets or central package versions of
        // whatever tree the host's data folder happens to sit in.
        foreach (var isolation in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(work, isolation), "<Project />\n", context.CancellationToken).ConfigureAwait(false);
        }

        var source = SecurityElement.Escape(Path.GetFullPath(context.SourceDirectory).TrimEnd('/'));
        await File.WriteAllTextAsync(Path.Combine(work, "FunctionHost.csproj"), ReadHostFile("FunctionHost.csproj").Replace("__SOURCE__", source, StringComparison.Ordinal), context.CancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(work, "Program.g.cs"), ReadHostFile("Program.g.cs").Replace("__HANDLER__", spec.Handler, StringComparison.Ordinal), context.CancellationToken).ConfigureAwait(false);

        var publish = Path.Combine(work, "publish");
        if (Directory.Exists(publish))
        {
            Directory.Delete(publish, recursive: true);
        }

        await context.RunProcessAsync(
            "dotnet",
            ["publish", "FunctionHost.csproj", "-c", "Release", "-o", publish, "--nologo", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary"],
            work,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" }).ConfigureAwait(false);

        context.Properties[WellKnownBuildProperties.DotnetProject] = Path.Combine(work, "FunctionHost.csproj");
        context.AddArtifact(new Artifact { Directory = publish, Command = ["dotnet", "FunctionHost.dll"] });
    }

    private static string ReadHostFile(string name)
    {
        using var stream = typeof(FunctionPackageStep).Assembly.GetManifestResourceStream("host/" + name)
            ?? throw new InvalidOperationException($"The functions vertical is missing its embedded 'host/{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
