using System.Runtime.CompilerServices;
using System.Text;

namespace Strata.Templates.Tests;

/// <summary>
/// Compares a generated folder with <c>Snapshots/&lt;case&gt;/</c>: the list of files, then every file's
/// text. With <c>STRATA_UPDATE_SNAPSHOTS=1</c> it rewrites the snapshot instead, to be reviewed and committed.
/// </summary>
internal static class TemplateSnapshot
{
    public const string UpdateVariable = "STRATA_UPDATE_SNAPSHOTS";
    private const string FileList = "files.txt";

    public static void Match(string name, string generatedRoot, Func<string, string>? normalize = null, [CallerFilePath] string callerFile = "")
    {
        var snapshot = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name);
        var files = Directory.GetFiles(generatedRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(generatedRoot, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        string Read(string relative) => (normalize ?? (s => s))(File.ReadAllText(Path.Combine(generatedRoot, relative)).ReplaceLineEndings("\n"));

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(snapshot))
            {
                Directory.Delete(snapshot, recursive: true);
            }

            Directory.CreateDirectory(snapshot);
            File.WriteAllText(Path.Combine(snapshot, FileList), string.Join('\n', files) + "\n");
            foreach (var file in files)
            {
                var target = Path.Combine(snapshot, file + ".verified");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, Read(file));
            }

            return;
        }

        if (!File.Exists(Path.Combine(snapshot, FileList)))
        {
            Assert.Fail($"No snapshot at {snapshot}. Run the tests with {UpdateVariable}=1 to create it, review it, and commit it.");
        }

        var expectedFiles = File.ReadAllText(Path.Combine(snapshot, FileList)).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(expectedFiles.SequenceEqual(files), $"The generated files differ from {snapshot}/{FileList}.\nexpected:\n{string.Join('\n', expectedFiles)}\ngenerated:\n{string.Join('\n', files)}\n{Hint}");
        var differences = new StringBuilder();
        foreach (var file in files)
        {
            var expected = File.ReadAllText(Path.Combine(snapshot, file + ".verified")).ReplaceLineEndings("\n");
            var actual = Read(file);
            if (expected != actual)
            {
                differences.Append(file).Append(' ').Append(FirstDifference(expected, actual)).Append('\n');
            }
        }

        Assert.True(differences.Length == 0, $"Generated files differ from {snapshot}:\n{differences}{Hint}");
    }

    private static string Hint => $"If the change is wanted, run the tests with {UpdateVariable}=1, review the diff and commit it.";

    private static string FirstDifference(string expected, string actual)
    {
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var w = i < want.Length ? want[i] : "<end>";
            var g = i < got.Length ? got[i] : "<end>";
            if (w != g)
            {
                return $"at line {i + 1}: expected '{w}', generated '{g}'";
            }
        }

        return "";
    }
}
