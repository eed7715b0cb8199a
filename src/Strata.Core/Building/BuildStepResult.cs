namespace Strata.Core.Building;

/// <summary>The outcome of one build step.</summary>
/// <param name="Name">The step name.</param>
/// <param name="Status">What happened.</param>
/// <param name="Duration">How long it took, restoring included.</param>
/// <param name="Hash">The step's input hash; empty when it was skipped.</param>
public sealed record BuildStepResult(string Name, BuildStepStatus Status, TimeSpan Duration, string Hash);
