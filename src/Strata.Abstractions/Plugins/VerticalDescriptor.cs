namespace Strata.Plugins;

/// <summary>Identifies a vertical and the contract version it was compiled against.</summary>
/// <param name="Name">DNS-safe name (lower case letters, digits and '-'), e.g. <c>functions</c>. Used in URLs, namespaces and labels.</param>
/// <param name="Version">The vertical's own version, e.g. <c>1.2.0</c>.</param>
/// <param name="ContractVersion">The contract version the plugin was built for; pass <see cref="StrataContract.Version"/>.</param>
public sealed record VerticalDescriptor(string Name, string Version, string ContractVersion)
{
    /// <summary>A human-readable name, e.g. <c>Functions</c>. Defaults to <see cref="Name"/>.</summary>
    public string DisplayName { get => field ?? Name; init; }

    /// <summary>One sentence saying what the vertical is for.</summary>
    public string Description { get; init; } = "";
}
