using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Building;

/// <summary>
/// For a vertical's .NET build steps (contract 1.4): decides whether a build may skip NuGet restore
/// (<c>--no-restore</c>), when what restore reads (the project and settings files, the installed SDKs)
/// is byte for byte what it read when it last succeeded into the same <c>obj/</c>. A restore that finds
/// nothing to do still costs an MSBuild evaluation of every project, about half a second of a build.
/// </summary>
/// <example>
/// <code>
/// var inputs = RestoreInputs.Hash(RestoreInputs.FilesIn(context.SourceDirectory));
/// var restored = RestoreInputs.Unchanged(obj, inputs);
/// if (!restored) RestoreInputs.Forget(obj);
/// // dotnet build/publish, with --no-restore when restored; it throws when it fails
/// RestoreInputs.Remember(obj, inputs);
/// </code>
/// </example>
public static class RestoreInputs
{
    private const string MarkerFile = "restore-inputs.sha256";

    /// <summary>What restore reads in an app folder: project, MSBuild and NuGet settings files (not under <c>bin/</c> or <c>obj/</c>), in a stable order.</summary>
    public static IEnumerable<string> FilesIn(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Directory
            .EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            .Where(f => Path.GetExtension(f) is ".csproj" or ".fsproj" or ".props" or ".targets"
                || Path.GetFileName(f).ToLowerInvariant() is "nuget.config" or "global.json" or "packages.lock.json")
            .Select(f => Path.GetRelativePath(folder, f))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.Combine(folder, f));
    }

    /// <summary>The hash of <paramref name="files"/> (missing ones count as empty) and of the SDKs beside the running .NET.</summary>
    public static string Hash(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            hash.AppendData(File.Exists(file) ? SHA256.HashData(File.ReadAllBytes(file)) : []);
        }

        // A new SDK may restore differently; the SDKs sit beside the runtime the host runs on.
        var sdks = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "sdk"));
        IEnumerable<string> installed = Directory.Exists(sdks) ? Directory.GetDirectories(sdks).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal) : [];
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\0', installed)));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when <paramref name="obj"/> holds a restore made from inputs with this hash.</summary>
    public static bool Unchanged(string obj, string hash) =>
        File.Exists(Path.Combine(obj, "project.assets.json"))
        && File.Exists(Path.Combine(obj, MarkerFile))
        && File.ReadAllText(Path.Combine(obj, MarkerFile)) == hash;

    /// <summary>Forgets the last restore's inputs (before a build that restores, so that a failed one is not trusted).</summary>
    public static void Forget(string obj)
    {
        if (Directory.Exists(obj))
        {
            File.Delete(Path.Combine(obj, MarkerFile));
        }
    }

    /// <summary>Records the inputs of a restore that succeeded.</summary>
    public static void Remember(string obj, string hash)
    {
        Directory.CreateDirectory(obj);
        File.WriteAllText(Path.Combine(obj, MarkerFile), hash);
    }
}
