namespace Strata.Testing.Kubernetes;

/// <summary>What the stand-in's "deployment controller" does with one Deployment after each apply.</summary>
public sealed record DeploymentBehaviour
{
    /// <summary>Delay before the status changes (to available, or to the deadline failure).</summary>
    public TimeSpan After { get; init; }

    /// <summary>Never becomes available: a pod stays Pending with a Warning Event carrying <see cref="EventMessage"/>.</summary>
    public bool NeverAvailable { get; init; }

    /// <summary>After <see cref="After"/>, Progressing turns False with ProgressDeadlineExceeded.</summary>
    public bool DeadlineExceeded { get; init; }

    public string EventReason { get; init; } = "Failed";

    public string EventMessage { get; init; } = "";

    public static DeploymentBehaviour Available(TimeSpan after) => new() { After = after };

    public static DeploymentBehaviour Never(string reason, string message) => new() { NeverAvailable = true, EventReason = reason, EventMessage = message };

    public static DeploymentBehaviour ProgressDeadline(TimeSpan after, string reason, string message) =>
        new() { NeverAvailable = true, DeadlineExceeded = true, After = after, EventReason = reason, EventMessage = message };
}

/// <summary>What the stand-in's "job controller" does with one Job after each apply.</summary>
public sealed record JobBehaviour
{
    public TimeSpan After { get; init; }

    public bool Fails { get; init; }

    public string EventReason { get; init; } = "BackOff";

    public string EventMessage { get; init; } = "";

    public static JobBehaviour Complete(TimeSpan after) => new() { After = after };

    public static JobBehaviour Fail(TimeSpan after, string reason, string message) => new() { After = after, Fails = true, EventReason = reason, EventMessage = message };
}
