using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>
/// Where the browser tests keep their screenshots: <c>TestResults/dashboard</c> beside the TRX files that
/// <c>eng/test.sh</c> writes (its <c>TEST_RESULTS</c>, else the repository's <c>TestResults</c>, which git ignores).
/// </summary>
internal static class Artifacts
{
    public static string Directory { get; } = Create();

    /// <summary>The path of a screenshot named <paramref name="name"/> (<c>.png</c> is added).</summary>
    public static string Screenshot(string name) => Path.Combine(Directory, name + ".png");

    private static string Create()
    {
        var results = Environment.GetEnvironmentVariable("TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoPaths.Root, "TestResults");
        var folder = Path.Combine(results, "dashboard");
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }
}
