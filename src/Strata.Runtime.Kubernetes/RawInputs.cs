using Strata.Core;
using Strata.Core.Manifest;
using Strata.Manifest;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// The contents of the files an app's <c>caas.raw</c> and <c>caas.patches</c> name, keyed by the path as
/// written in <c>strata.yaml</c>. The host reads them (<see cref="LoadAsync"/>); the mapper only takes them,
/// so it stays pure and a render shows exactly what a deploy applies.
/// </summary>
public sealed record RawInputs
{
    /// <summary>No files: for apps whose manifest names none.</summary>
    public static RawInputs None { get; } = new();

    /// <summary>File contents by the relative path <c>strata.yaml</c> names them with.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Reads the files <paramref name="caas"/> names from <paramref name="appDirectory"/>.</summary>
    /// <param name="appDirectory">The app folder (the revision's sources).</param>
    /// <param name="caas">The app's <c>caas:</c> section.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="StrataException">A named file is missing or leaves the app folder; the path is <c>caas.raw[i]</c> or <c>caas.patches[i]</c>.</exception>
    public static async Task<RawInputs> LoadAsync(string appDirectory, CaasOverrides caas, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        ArgumentNullException.ThrowIfNull(caas);

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (list, key) in new[] { (caas.Raw, "caas.raw"), (caas.Patches, "caas.patches") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var relative = list[i];
                if (files.ContainsKey(relative))
                {
                    continue;
                }

                if (RelativePaths.Check(relative) is { } problem)
                {
                    throw new StrataException(problem, $"{key}[{i}]");
                }

                var path = Path.Combine(appDirectory, relative);
                try
                {
                    files[relative] = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new StrataException($"'{relative}' is not in the app folder; add the file or remove it from {key}.", $"{key}[{i}]");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StrataException($"'{relative}' could not be read: {ex.Message}", $"{key}[{i}]");
                }
            }
        }

        return new RawInputs { Files = files };
    }

    internal string Content(string relative, string path) => Files.TryGetValue(relative, out var content)
        ? content
        : throw new StrataException($"The contents of '{relative}' were not passed to the mapper; read the app's files with RawInputs.LoadAsync.", path);
}
