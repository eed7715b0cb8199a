using Strata.Core.Building;

namespace Strata.Server.Apps;

/// <summary>What a deploy did.</summary>
/// <param name="App">The app name.</param>
/// <param name="Vertical">Its vertical.</param>
/// <param name="Revision">The revision now serving.</param>
/// <param name="Unchanged">True when the sources and manifest matched the serving revision, so nothing was built or rolled.</param>
/// <param name="Path">The app's path on the gateway.</param>
/// <param name="Steps">The build steps and what became of each.</param>
/// <param name="Image">The revision's image by digest (<c>registry/repo@sha256:…</c>), when one was published.</param>
internal sealed record DeployOutcome(string App, string Vertical, int Revision, bool Unchanged, string Path, IReadOnlyList<BuildStepResult> Steps, string? Image = null)
{
    /// <summary>The runtime the revision runs on.</summary>
    public string Runtime { get; init; } = Core.State.AppRecord.DefaultRuntime;
}
