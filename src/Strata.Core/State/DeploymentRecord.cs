using Strata.Core.Runtime;

namespace Strata.Core.State;

/// <summary>One attempt to roll an app to a revision.</summary>
/// <param name="Id">The deployment id, unique within the host and never reused.</param>
/// <param name="App">The app being deployed.</param>
/// <param name="Revision">The revision being rolled out.</param>
/// <param name="State">Where the deployment stands.</param>
/// <param name="Message">Why it failed, or a note on how it finished.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), or <see langword="null"/> while in progress.</param>
public sealed record DeploymentRecord(
    long Id,
    AppRef App,
    int Revision,
    DeploymentState State,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);
