using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using Strata.Testing;

namespace Strata.Testing;

/// <summary>Packs a built fixture plugin into a folder feed in the vertical package layout: everything of its build output under lib/net10.0/.</summary>
public static class FixturePackages
{
    /// <summary>Writes <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> of the fixture at <paramref name="projectFolder"/> into <paramref name="feed"/>; returns its path.</summary>
    public static string Pack(string feed, string projectFolder, string version)
        => PackFolder(feed, Path.GetFileName(projectFolder), RepoPaths.BuildOutput(projectFolder), version);

    /// <summary>Writes <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> of the files in <paramref name="output"/> (a plugin's build output, perhaps altered) into <paramref name="feed"/>; returns its path.</summary>
    public static string PackFolder(string feed, string id, string output, string version)
    {
        var builder = new PackageBuilder { Id = id, Version = NuGetVersion.Parse(version), Description = "A Strata test vertical." };
        builder.Authors.Add("Strata tests");
        builder.PackageTypes.Add(new PackageType("StrataVertical", new Version(0, 0)));
        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("Strata.Abstractions.", StringComparison.Ordinal)))
        {
            builder.Files.Add(new PhysicalPackageFile { SourcePath = file, TargetPath = "lib/net10.0/" + Path.GetRelativePath(output, file).Replace('\\', '/') });
        }

        Directory.CreateDirectory(feed);
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        using (var stream = File.Create(path))
        {
            builder.Save(stream);
        }

        return path;
    }
}
