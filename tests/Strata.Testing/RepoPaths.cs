using System.Reflection;

namespace Strata.Testing;

/// <summary>Paths in the repository, found through the metadata every test assembly carries.</summary>
public static class RepoPaths
{
    public static string Root => Metadata("RepoRoot");

    public static string Configuration => Metadata("Configuration");

    /// <summary>The build output folder of a project under the repo, e.g. <c>plugins/Strata.Verticals.Functions</c>.</summary>
    public static string BuildOutput(string projectFolder)
        => System.IO.Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0");

    private static string Metadata(string key)
    {
        var assembly = Assembly.GetCallingAssembly();
        foreach (var candidate in new[] { Assembly.GetEntryAssembly(), assembly }.Concat(AppDomain.CurrentDomain.GetAssemblies()))
        {
            var value = candidate?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
            if (value is not null)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"No test assembly carries AssemblyMetadata '{key}'; tests/Directory.Build.props adds it.");
    }
}
