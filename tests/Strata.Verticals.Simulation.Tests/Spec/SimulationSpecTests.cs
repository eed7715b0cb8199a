using Strata.Verticals.Simulation.Runs;
using Strata.Verticals.Simulation.Spec;

namespace Strata.Verticals.Simulation.Tests.Spec;

public sealed class SimulationSpecTests
{
    [Fact]
    public void The_templates_spec_is_valid_and_its_grid_sweep_has_one_set_per_combination()
    {
        var manifest = Manifests.Heat("""{ "label": "diffusivity sweep", "sweep": { "grid": { "alpha": [0.25, 0.5, 1.0, 2.0], "scheme": ["explicit", "implicit"] } }, "parallelism": 2 }""");

        Assert.Empty(Manifests.Validate(manifest));
        var run = SimulationSpec.Parse(manifest).Run!;
        Assert.Equal(SweepKind.Grid, run.Kind);
        Assert.Equal(8, run.ParameterSets.Count);
        Assert.Equal(2, run.Parallelism);
        Assert.Equal(["alpha", "scheme"], run.Varied);
        // The first parameter varies slowest; the others keep their defaults.
        Assert.Equal([0.25, 0.25, 0.5, 0.5, 1.0, 1.0, 2.0, 2.0], run.ParameterSets.Select(s => (double)s["alpha"]));
        Assert.Equal(["explicit", "implicit"], run.ParameterSets.Take(2).Select(s => (string)s["scheme"]));
        Assert.All(run.ParameterSets, s => Assert.Equal(16L, s["points"]));
    }

    [Fact]
    public void One_parameter_set_fills_in_the_defaults()
    {
        var run = SimulationSpec.Parse(Manifests.Heat("""{ "parameters": { "alpha": 2, "points": 8 } }""")).Run!;

        var set = Assert.Single(run.ParameterSets);
        Assert.Equal(SweepKind.Single, run.Kind);
        Assert.Equal(2.0, set["alpha"]);
        Assert.Equal(8L, set["points"]);
        Assert.Equal("explicit", set["scheme"]);
        Assert.Equal(1, run.Parallelism);
    }

    [Fact]
    public void An_invalid_parameter_set_gets_every_problem_with_its_path()
    {
        var manifest = Manifests.Heat("""
            {
              "parameters": { "alpha": 50, "points": 2.5, "scheme": "crank", "colour": 1 },
              "sweep": { "grid": { "hotspot": [1, -3, "hot"], "steps": [] } },
              "parallelism": 0,
              "extra": true
            }
            """);

        var problems = Manifests.Validate(manifest);

        Assert.Equal(
            [
                "spec.run.extra",
                "spec.run.parallelism",
                "spec.run.parameters.alpha",
                "spec.run.parameters.colour",
                "spec.run.parameters.points",
                "spec.run.parameters.scheme",
                "spec.run.sweep.grid.hotspot[1]",
                "spec.run.sweep.grid.hotspot[2]",
                "spec.run.sweep.grid.steps",
            ],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Path == "spec.run.parameters.alpha" && p.Message.Contains("from 0.01 to 10", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "spec.run.parameters.scheme" && p.Message.Contains("one of explicit, implicit", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "spec.run.parameters.colour" && p.Message.Contains("alpha, endTime, hotspot, points, scheme, steps", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_space_with_problems_names_each_of_them()
    {
        var manifest = Manifests.With("""
            {
              "parameters": {
                "alpha": { "type": "number", "min": 5, "max": 1, "default": 2 },
                "mode": { "type": "string", "default": "a" },
                "n": { "type": "integer", "min": 1.5, "default": 3 },
                "9lives": { "type": "complex", "default": 1 },
                "flag": { "type": "boolean" }
              }
            }
            """);

        Assert.Equal(
            ["spec.parameters.9lives", "spec.parameters.9lives.type", "spec.parameters.alpha.max", "spec.parameters.flag.default", "spec.parameters.mode.values", "spec.parameters.n.min"],
            Manifests.Validate(manifest).Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_grid_sweep_over_the_size_limit_is_refused_with_the_count()
    {
        var values = string.Join(", ", Enumerable.Range(1, 20));
        var manifest = Manifests.Heat($$"""{ "sweep": { "grid": { "steps": [{{values}}], "points": [{{string.Join(", ", Enumerable.Range(4, 15))}}] } } }""");

        var problem = Assert.Single(Manifests.Validate(manifest));

        Assert.Equal("spec.run.sweep.grid", problem.Path);
        Assert.Contains("300 parameter sets (20 × 15)", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {RunSpec.MaxTasks}", problem.Message, StringComparison.Ordinal);
        // At the limit it is accepted.
        Assert.Empty(Manifests.Validate(Manifests.Heat("""{ "sweep": { "random": { "count": 256, "seed": 1 } } }""")));
        Assert.Equal("spec.run.sweep.random.count", Assert.Single(Manifests.Validate(Manifests.Heat("""{ "sweep": { "random": { "count": 257, "seed": 1 } } }"""))).Path);
    }

    [Fact]
    public void A_random_sweep_is_drawn_within_the_ranges_and_again_the_same_from_its_seed()
    {
        const string Run = """{ "sweep": { "random": { "count": 50, "seed": 42, "vary": ["alpha", "points", "scheme"] } }, "parallelism": 4 }""";

        var first = SimulationSpec.Parse(Manifests.Heat(Run)).Run!;
        var again = SimulationSpec.Parse(Manifests.Heat(Run)).Run!;
        var other = SimulationSpec.Parse(Manifests.Heat(Run.Replace("42", "43", StringComparison.Ordinal))).Run!;

        Assert.Equal(50, first.ParameterSets.Count);
        Assert.Equal(first.ParameterSets.Select(s => s["alpha"]), again.ParameterSets.Select(s => s["alpha"]));
        Assert.NotEqual(first.ParameterSets.Select(s => s["alpha"]), other.ParameterSets.Select(s => s["alpha"]));
        Assert.All(first.ParameterSets, s => Assert.InRange((double)s["alpha"], 0.01, 10));
        Assert.All(first.ParameterSets, s => Assert.InRange((long)s["points"], 4, 64));
        Assert.Equal(["explicit", "implicit"], first.ParameterSets.Select(s => (string)s["scheme"]).Distinct().Order());
        Assert.All(first.ParameterSets, s => Assert.Equal(200L, s["steps"]));
    }

    [Fact]
    public void Parallelism_never_exceeds_the_number_of_tasks()
        => Assert.Equal(1, SimulationSpec.Parse(Manifests.Heat("""{ "parameters": { "alpha": 2 }, "parallelism": 8 }""")).Run!.Parallelism);

    [Fact]
    public void A_missing_spec_and_unknown_keys_are_reported()
    {
        Assert.Equal("spec", Assert.Single(Manifests.Validate(new Strata.Manifest.AppManifest { Name = "x", Vertical = "simulation" })).Path);
        Assert.Equal(["spec.parameters", "spec.runs"], Manifests.Validate(Manifests.With("""{ "runs": [] }""")).Select(p => p.Path).Order(StringComparer.Ordinal));
    }
}
