namespace Strata.Server.Plugins;

/// <summary>Where vertical packages may come from; bound from <c>Strata:Plugins</c>.</summary>
public sealed record PluginsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Strata:Plugins";

    /// <summary>
    /// The NuGet sources packages are installed from: feed URLs (<c>https://…/index.json</c>) or local
    /// folders of <c>.nupkg</c> files. A request may pick one of them; nothing else is ever contacted.
    /// </summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>How long an update or removal waits for the old version's requests in flight.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
