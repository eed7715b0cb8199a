namespace Strata.Plugins;

/// <summary>
/// The entry point of a vertical plugin. A plugin assembly contains exactly one public,
/// non-abstract type implementing this interface, with a public parameterless constructor.
/// </summary>
public interface IVerticalPlugin
{
    /// <summary>Who the vertical is: its DNS-safe name, version and the contract version it was built for.</summary>
    VerticalDescriptor Descriptor { get; }

    /// <summary>
    /// Declares everything the vertical supplies — services, templates, build steps, API surface,
    /// mapping and spec validation — on <paramref name="vertical"/>. Called once per load.
    /// </summary>
    /// <param name="vertical">The builder the host hands to this plugin.</param>
    void Configure(IVerticalBuilder vertical);
}
