namespace Strata.Verticals.Simulation.Runs;

/// <summary>One task's parameters: every parameter of the model, by name (defaults filled in).</summary>
internal sealed class ParameterSet(IDictionary<string, object> values) : SortedDictionary<string, object>(values, StringComparer.Ordinal);
