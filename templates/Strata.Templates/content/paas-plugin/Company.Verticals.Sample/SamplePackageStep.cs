using Strata.Building;
using Strata.Workloads;

namespace Company.Verticals.Sample;

/// <summary>The <c>package</c> build step: copies the app's files into the artifact that the service runs.</summary>
internal static class SamplePackageStep
{
    public static BuildStep Create() => new(WellKnownBuildSteps.Package, RunAsync);

    private static async Task RunAsync(IBuildContext context)
    {
        var output = Path.Combine(context.WorkDirectory, "site");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(context.SourceDirectory, "*", SearchOption.AllDirectories))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(output, Path.GetRelativePath(context.SourceDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var source = File.OpenRead(file);
            await using var copy = File.Create(target);
            await source.CopyToAsync(copy, context.CancellationToken).ConfigureAwait(false);
        }

        context.AddArtifact(new Artifact { Directory = output, Command = SampleSpec.Parse(context.Manifest.Spec).Command });
    }
}
