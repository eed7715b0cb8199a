namespace Strata.Core.Plugins;

/// <summary>Where a vertical plugin stands in the host.</summary>
public enum VerticalState
{
    /// <summary>Loaded and configured: its templates, build steps, API and mapping are in use.</summary>
    Loaded,

    /// <summary>Refused before it ran any code of its own that matters (wrong contract version, no entry type, duplicate name).</summary>
    Refused,

    /// <summary>Threw while loading or configuring; the host carries on without it.</summary>
    Failed,
}
