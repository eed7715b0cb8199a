namespace Strata.Building;

/// <summary>
/// A named build step: an async action over a build context, run after the steps it depends on.
/// The host skips a step whose inputs' content hash is unchanged since its last successful run and
/// restores what it produced (artifacts and properties) from that run.
/// </summary>
/// <param name="Name">Unique within the vertical; see <see cref="WellKnownBuildSteps"/>.</param>
/// <param name="Action">The work. Throw <see cref="BuildStepException"/> for a failure the user can fix.</param>
public sealed record BuildStep(string Name, Func<IBuildContext, Task> Action)
{
    /// <summary>Names of the steps that must finish before this one starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>
    /// Glob patterns, relative to the source folder, of the files this step reads. Their content
    /// (plus <see cref="CacheKey"/> and the hashes of the steps it depends on) decides whether it runs.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; init; } = ["**/*"];

    /// <summary>Anything else the step's result depends on (a tool version, a setting); part of the hash.</summary>
    public string CacheKey { get; init; } = "";

    /// <summary>When false the step always runs.</summary>
    public bool Cacheable { get; init; } = true;
}
