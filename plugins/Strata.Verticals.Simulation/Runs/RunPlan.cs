namespace Strata.Verticals.Simulation.Runs;

/// <summary>A run as the mapping turns it into one indexed job: its parameter sets (index = completion index) and parallelism.</summary>
internal sealed record RunPlan(SweepKind Kind, IReadOnlyList<ParameterSet> ParameterSets, int Parallelism)
{
    /// <summary>A label the user gave the run, or empty.</summary>
    public string Label { get; init; } = "";

    /// <summary>The parameters the sweep varies (empty for a single set).</summary>
    public IReadOnlyList<string> Varied { get; init; } = [];

    /// <summary>Seconds the whole run may take, when limited.</summary>
    public int? DeadlineSeconds { get; init; }
}
