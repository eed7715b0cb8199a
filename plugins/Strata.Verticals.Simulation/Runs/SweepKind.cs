namespace Strata.Verticals.Simulation.Runs;

/// <summary>How a run's parameter sets are chosen.</summary>
internal enum SweepKind
{
    /// <summary>One parameter set: <c>run.parameters</c> over the defaults.</summary>
    Single,

    /// <summary>The cartesian product of <c>run.sweep.grid</c>'s value lists.</summary>
    Grid,

    /// <summary><c>run.sweep.random.count</c> sets drawn uniformly from the declared ranges, reproducibly from <c>seed</c>.</summary>
    Random,
}
