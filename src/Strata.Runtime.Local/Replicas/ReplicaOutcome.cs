namespace Strata.Runtime.Local.Replicas;

/// <summary>How the first start of a replica ended: ready, or why not.</summary>
internal sealed record ReplicaOutcome(ReplicaOutcomeKind Kind, string Message)
{
    /// <summary>It passed readiness.</summary>
    public static ReplicaOutcome Ready { get; } = new(ReplicaOutcomeKind.Ready, "ready");

    /// <summary>It was stopped before it was ready.</summary>
    public static ReplicaOutcome Stopped { get; } = new(ReplicaOutcomeKind.Failed, "stopped before it was ready");
}

/// <summary>The kinds of <see cref="ReplicaOutcome"/>.</summary>
internal enum ReplicaOutcomeKind
{
    /// <summary>It passed readiness.</summary>
    Ready,
    /// <summary>It did not (it exited, could not start, or took too long).</summary>
    Failed,
}
