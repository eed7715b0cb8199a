namespace Strata.Core.State;

/// <summary>A vertical plugin installed on the host.</summary>
/// <param name="Name">The plugin (package) name; unique.</param>
/// <param name="Version">The plugin version.</param>
/// <param name="ContractVersion">The contract version the plugin was built against.</param>
/// <param name="Path">Where the plugin is installed on the host.</param>
/// <param name="State">The plugin's load state, as the plugin loader names it.</param>
/// <param name="Reason">Why the plugin is in that state (e.g. a load failure), if there is a reason.</param>
/// <param name="UpdatedAt">When the record was last written (UTC).</param>
public sealed record PluginRecord(
    string Name,
    string Version,
    string ContractVersion,
    string Path,
    string State,
    string? Reason,
    DateTimeOffset UpdatedAt)
{
    /// <summary>A hash of the installed package, to detect a changed package.</summary>
    public string? PackageHash { get; init; }

    /// <summary>Where the package came from (a feed URL or a local path).</summary>
    public string? Source { get; init; }
}
