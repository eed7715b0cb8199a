using System.Runtime.InteropServices;
using Strata.Core.Runtime;

namespace Strata.Runtime.Local.Sharing;

/// <summary>
/// Where apps show a shared service the folders they contribute (<c>SharedService.Contribution</c>):
/// <c>contributions/&lt;vertical&gt;/&lt;app&gt;/&lt;service&gt;/&lt;contributing app&gt;</c> under the data
/// directory, a symbolic link to the folder inside the contributing revision's artifact. Every replica of a
/// service finds its folder in <see cref="Variable"/>.
/// </summary>
internal sealed partial class ContributionFolders(string dataDirectory)
{
    /// <summary>The environment variable naming a service's contributions folder to its replicas.</summary>
    public const string Variable = "STRATA_CONTRIBUTIONS_DIR";

    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "contributions");

    /// <summary>The contributions folder of <paramref name="service"/> of <paramref name="app"/>.</summary>
    public string Of(AppRef app, string service) => Path.Combine(_root, app.Vertical, app.App, service);

    /// <summary>Makes <paramref name="source"/> the entry of <paramref name="contributor"/> in the folder of the shared service.</summary>
    public void Link(AppRef shared, string service, string contributor, string source)
    {
        var folder = Of(shared, service);
        Directory.CreateDirectory(folder);
        var entry = Path.Combine(folder, contributor);
        if (new FileInfo(entry).LinkTarget == source)
        {
            return;
        }

        // The new link is made beside the entry and renamed over it (rename(2) replaces a link atomically),
        // so a reader sees the old contribution or the new one, never none.
        var temporary = Path.Combine(folder, $".{contributor}.{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, source);
        if (Rename(temporary, entry) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            File.Delete(temporary);
            throw new IOException($"Could not link {entry} to {source}: {error}");
        }
    }

    /// <summary>Removes the entry of <paramref name="contributor"/>, if there is one.</summary>
    public void Unlink(AppRef shared, string service, string contributor)
    {
        var entry = Path.Combine(Of(shared, service), contributor);
        if (new FileInfo(entry).LinkTarget is not null)
        {
            File.Delete(entry);
        }
    }

    // File.Move follows the link to its folder and refuses; rename(2) moves the link itself.
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Rename(string from, string to);
}
