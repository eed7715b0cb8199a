using System.Security;
using Strata.Building;
using Strata.Workloads;

namespace Strata.Verticals.Simulation.Building;

/// <summary>
/// The <c>package</c> build step: compiles the app's C# sources as a console program (<c>dotnet publish</c>,
/// Release) from a project generated in the step's work folder, so the app folder holds only its code and
/// <c>strata.yaml</c>. Its inputs are the sources alone: a deploy that changes only <c>spec.run</c> (a new
/// run) reuses the build.
/// </summary>
internal static class ModelPackageStep
{
    public static BuildStep Create() => new(WellKnownBuildSteps.Package, RunAsync)
    {
        Inputs = ["**/*.cs"],
        CacheKey = "simulation-model/1",
    };

    /// <summary>The program's assembly name for <paramref name="app"/>.</summary>
    public static string AssemblyName(string app) => app;

    private static async Task RunAsync(IBuildContext context)
    {
        var app = context.Manifest.Name;
        var work = context.WorkDirectory;
        if (!Directory.EnumerateFiles(context.SourceDirectory, "*.cs", SearchOption.AllDirectories).Any())
        {
            throw new BuildStepException("The app has no C# sources: a simulation app is a console program (Program.cs and the model) beside strata.yaml. Start from 'strata new simulation <app>'.");
        }

        // Stop MSBuild from importing Directory.Build.props/targets or central package versions of
        // whatever tree the host's data folder happens to sit in.
        foreach (var isolation in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(work, isolation), "<Project />\n", context.CancellationToken).ConfigureAwait(false);
        }

        var project = Path.Combine(work, "Model.csproj");
        var source = SecurityElement.Escape(Path.GetFullPath(context.SourceDirectory).TrimEnd('/'));
        await File.WriteAllTextAsync(
            project,
            ReadTemplate("Model.csproj").Replace("__SOURCE__", source, StringComparison.Ordinal).Replace("__ASSEMBLY__", AssemblyName(app), StringComparison.Ordinal),
            context.CancellationToken).ConfigureAwait(false);

        var publish = Path.Combine(work, "publish");
        if (Directory.Exists(publish))
        {
            Directory.Delete(publish, recursive: true);
        }

        await context.RunProcessAsync(
            "dotnet",
            ["publish", "Model.csproj", "-c", "Release", "-o", publish, "--nologo", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary"],
            work,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" }).ConfigureAwait(false);

        context.Properties[WellKnownBuildProperties.DotnetProject] = project;
        context.AddArtifact(new Artifact { Directory = publish, Command = ["dotnet", AssemblyName(app) + ".dll"] });
    }

    private static string ReadTemplate(string name)
    {
        using var stream = typeof(ModelPackageStep).Assembly.GetManifestResourceStream("model/" + name)
            ?? throw new InvalidOperationException($"The simulation vertical is missing its embedded 'model/{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
