namespace Strata.Core.Building;

/// <summary>What happened to a build step.</summary>
public enum BuildStepStatus
{
    /// <summary>It ran and succeeded.</summary>
    Ran,

    /// <summary>Its inputs were unchanged; what it produced last time was restored.</summary>
    Cached,

    /// <summary>It ran and failed.</summary>
    Failed,

    /// <summary>It did not run because an earlier step failed.</summary>
    Skipped,

    /// <summary>The build was cancelled while it ran.</summary>
    Cancelled,
}
