namespace Strata.Server.Plugins;

/// <summary>A plugin as <c>/api/plugins</c> reports it.</summary>
/// <param name="Id">The package id, also the plugin folder's and assembly's name.</param>
/// <param name="Version">The installed package version.</param>
/// <param name="Vertical">The vertical it declares, when it loaded that far.</param>
/// <param name="State">Loaded, Refused or Failed.</param>
/// <param name="Reason">Why it is not loaded.</param>
/// <param name="Sha512">The SHA-512 of the installed package (base64); null for a plugin not installed from a package.</param>
/// <param name="Source">The package source it came from.</param>
/// <param name="Path">The plugin folder.</param>
public sealed record InstalledPlugin(string Id, string Version, string? Vertical, string State, string? Reason, string? Sha512, string? Source, string Path)
{
    /// <summary>Dependencies fetched besides the package, as <c>id version</c>.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>The version this one replaced or removed, when it did.</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>Whether the replaced or removed version's load context was collected (its memory freed).</summary>
    public bool? PreviousCollected { get; init; }

    /// <summary>True when an update found the installed package already current.</summary>
    public bool Unchanged { get; init; }
}
