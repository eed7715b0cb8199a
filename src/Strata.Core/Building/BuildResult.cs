using Strata.Workloads;

namespace Strata.Core.Building;

/// <summary>The outcome of a build.</summary>
public sealed record BuildResult
{
    /// <summary>True when every step ran or was cached.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>The step that failed, if one did.</summary>
    public string? FailedStep { get; init; }

    /// <summary>Why it failed, readable by the app developer.</summary>
    public string? Error { get; init; }

    /// <summary>The artifacts the steps produced, by name.</summary>
    public IReadOnlyDictionary<string, Artifact> Artifacts { get; init; } = new Dictionary<string, Artifact>();

    /// <summary>The copy of the sources the steps built (tools name files by it in their messages).</summary>
    public string? SourceDirectory { get; init; }

    /// <summary>The properties the steps set.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Every step of the plan, in run order.</summary>
    public IReadOnlyList<BuildStepResult> Steps { get; init; } = [];
}
