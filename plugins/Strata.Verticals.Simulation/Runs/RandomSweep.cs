using Strata.Verticals.Simulation.Spec;

namespace Strata.Verticals.Simulation.Runs;

/// <summary>
/// Draws parameter values uniformly from their declared ranges with a seeded generator of our own
/// (SplitMix64), so a seed gives the same sets on every .NET version and machine.
/// </summary>
internal sealed class RandomSweep(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A value of <paramref name="parameter"/>: uniform in [min, max], or one of its values.</summary>
    public object Draw(ParameterDefinition parameter) => parameter.Type switch
    {
        ParameterType.Number => parameter.Min!.Value + (NextDouble() * (parameter.Max!.Value - parameter.Min.Value)),
        ParameterType.Integer => (long)parameter.Min!.Value + (long)Math.Floor(NextDouble() * ((long)parameter.Max!.Value - (long)parameter.Min.Value + 1)),
        ParameterType.String => parameter.Values[(int)Math.Floor(NextDouble() * parameter.Values.Count)],
        _ => NextDouble() < 0.5,
    };

    private double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
