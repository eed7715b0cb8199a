using System.Runtime.CompilerServices;

namespace Strata.Runtime.Kubernetes.Tests.Support;

/// <summary>
/// Compares rendered text with a checked-in <c>Snapshots/&lt;name&gt;.verified.yaml</c>. With
/// <c>STRATA_UPDATE_SNAPSHOTS=1</c> it writes the file instead, so a reviewed change is one re-run.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "STRATA_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        // The source folder, not the output folder: snapshots are reviewed and committed with the code.
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name + ".verified.yaml");
        actual = actual.ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"No snapshot at {path}. Run the tests with {UpdateVariable}=1 to create it, review it, and commit it.");
        }

        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail(
                $"The render differs from {path} {FirstDifference(expected, actual)}. " +
                $"If the change is wanted, run the tests with {UpdateVariable}=1, review the diff and commit it.");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var want = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var got = i < actualLines.Length ? actualLines[i] : "<end>";
            if (want != got)
            {
                return $"at line {i + 1}: expected '{want}', rendered '{got}'";
            }
        }

        return "";
    }
}
