using System.Text.Json;

namespace Strata.Manifest;

/// <summary>
/// An app's <c>strata.yaml</c>, parsed. The same shape for every vertical; only <see cref="Spec"/>
/// belongs to the vertical.
/// </summary>
public sealed record AppManifest
{
    /// <summary>The DNS-safe app name, unique within its vertical.</summary>
    public required string Name { get; init; }

    /// <summary>The name of the vertical that maps this app.</summary>
    public required string Vertical { get; init; }

    /// <summary>The vertical-specific section, as JSON (an object, or <see cref="JsonValueKind.Undefined"/> when absent).</summary>
    public JsonElement Spec { get; init; }

    /// <summary>The shared <c>caas:</c> section: overrides applied after the vertical's mapping.</summary>
    public CaasOverrides Caas { get; init; } = new();
}
