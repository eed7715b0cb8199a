using Strata.Templates;

namespace Strata.Verticals.Simulation.Tests.Templates;

/// <summary>The heat template set, and the sample app that is its rendering.</summary>
public sealed class HeatTemplateTests
{
    private static readonly TemplateSet Heat = TemplateSet.FromEmbeddedResources(typeof(SimulationVertical).Assembly, "heat", "");

    [Fact]
    public void The_template_ships_the_model_and_a_manifest_with_a_sweep()
    {
        Assert.Equal(["HeatProblem.cs", "HeatScheme.cs", "HeatSolver.cs", "Program.cs", "TaskFolder.cs", "strata.yaml"], Heat.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        var manifest = Heat.Files.Single(f => f.Path == "strata.yaml").Content;
        Assert.Contains("vertical: simulation", manifest, StringComparison.Ordinal);
        Assert.Contains("sweep:", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void The_heat_sweep_sample_is_the_template_rendered_for_its_name()
    {
        var sample = Path.Combine(Strata.Testing.RepoPaths.Root, "samples", "heat-sweep");
        foreach (var file in Heat.Files)
        {
            var expected = file.Content.Replace("{{ app.name }}", "heat-sweep", StringComparison.Ordinal);
            Assert.True(expected == File.ReadAllText(Path.Combine(sample, file.Path)), $"samples/heat-sweep/{file.Path} differs from the template's; copy it again.");
        }
    }
}
