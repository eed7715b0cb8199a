using Strata.Workloads;

namespace Strata.Core.Building;

/// <summary>What a successful step run left behind, stored in <c>cache/&lt;step&gt;.json</c>.</summary>
/// <param name="Hash">The step hash of that run.</param>
/// <param name="Artifacts">The artifacts the step added.</param>
/// <param name="Properties">The properties the step changed; a null value means it removed the property.</param>
internal sealed record StepCacheRecord(string Hash, IReadOnlyList<Artifact> Artifacts, IReadOnlyDictionary<string, string?> Properties);
