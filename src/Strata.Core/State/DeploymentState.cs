namespace Strata.Core.State;

/// <summary>Where a deployment stands. Stored by name, so members may be added but never renamed.</summary>
public enum DeploymentState
{
    /// <summary>The deployment is rolling out.</summary>
    InProgress,

    /// <summary>The revision is live; it became the app's current revision.</summary>
    Succeeded,

    /// <summary>The rollout failed or was interrupted; the message says why.</summary>
    Failed,
}
