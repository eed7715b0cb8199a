using System.Text.Json;
using Strata.Manifest;
using Strata.Validation;
using Strata.Verticals.Simulation.Spec;

namespace Strata.Verticals.Simulation.Tests;

/// <summary>Simulation manifests for model-only tests: the spec given as JSON.</summary>
internal static class Manifests
{
    /// <summary>The heat template's parameter space.</summary>
    public const string HeatParameters = """
        "parameters": {
          "alpha":   { "type": "number",  "min": 0.01, "max": 10, "default": 1.0 },
          "points":  { "type": "integer", "min": 4, "max": 64, "default": 16 },
          "steps":   { "type": "integer", "min": 1, "max": 1000000, "default": 200 },
          "endTime": { "type": "number",  "min": 0.00001, "max": 100, "default": 0.02 },
          "scheme":  { "type": "string",  "values": ["explicit", "implicit"], "default": "explicit" },
          "hotspot": { "type": "number",  "min": 0, "max": 10000, "default": 100 }
        }
        """;

    public static AppManifest With(string specJson, string name = "heat")
    {
        using var document = JsonDocument.Parse(specJson);
        return new AppManifest { Name = name, Vertical = "simulation", Spec = document.RootElement.Clone() };
    }

    public static AppManifest Heat(string runJson) => With($$"""{ {{HeatParameters}}, "run": {{runJson}} }""");

    public static IReadOnlyList<ValidationProblem> Validate(AppManifest manifest)
    {
        var context = new SpecValidationContext(manifest);
        SimulationSpec.Validate(context);
        return context.Problems;
    }
}
