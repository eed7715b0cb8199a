using System.Runtime.CompilerServices;

// The benchmarks compare the YAML writer with the reference serializer it reproduces (eng/bench).
[assembly: InternalsVisibleTo("Strata.Bench.ControlPlane")]
[assembly: InternalsVisibleTo("Strata.Bench.Micro")]
