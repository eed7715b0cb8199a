using Strata.Core.Images;

namespace Strata.Server;

/// <summary>How a Strata host runs; bound from <c>Strata:Host</c>.</summary>
public sealed record StrataServerOptions
{
    /// <summary>Where the host keeps its state, sources, builds, revisions and logs.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Folders of plugin folders (<c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>) loaded at start. Defaults to <c>&lt;data&gt;/plugins</c>.</summary>
    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    /// <summary>The address the host listens on; port 0 picks a free one.</summary>
    public string Url { get; init; } = "http://127.0.0.1:5480";

    /// <summary>The largest uploaded source archive accepted, in bytes.</summary>
    public long MaxSourceArchiveBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>
    /// The registry each revision's image is pushed to (the <c>publish-image</c> step). When it names no
    /// registry, <c>Strata:Registry</c> of the configuration is used; when that is empty too, no image is built.
    /// </summary>
    public RegistryOptions Registry { get; init; } = new();

    /// <summary>Run services and jobs from their images through podman instead of as processes; needs a registry.</summary>
    public bool Containers { get; init; }

    /// <summary>
    /// Whether the host logs the admin token it creates at its first start. <c>strata up</c> turns it off
    /// and shows the token itself, beside where it saved it.
    /// </summary>
    public bool LogAdminToken { get; init; } = true;
}
