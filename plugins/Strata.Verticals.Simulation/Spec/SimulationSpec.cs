using System.Text.Json;
using Strata.Manifest;
using Strata.Validation;
using Strata.Verticals.Simulation.Runs;

namespace Strata.Verticals.Simulation.Spec;

/// <summary>
/// The simulation vertical's <c>spec:</c>: the model's <c>parameters</c> (types, ranges, defaults), the
/// optional <c>run</c> a deploy starts, and <c>resultsSize</c> (the results volume, default 1Gi).
/// </summary>
internal sealed record SimulationSpec(IReadOnlyDictionary<string, ParameterDefinition> Parameters, RunPlan? Run, string ResultsSize)
{
    public const string DefaultResultsSize = "1Gi";

    private static readonly string[] KnownKeys = ["parameters", "run", "resultsSize"];

    /// <summary>Reports every problem of the spec, each with its path.</summary>
    public static void Validate(SpecValidationContext context) => Read(context.Spec, context);

    /// <summary>Reads a spec that <see cref="Validate"/> accepted; throws naming the problems otherwise.</summary>
    public static SimulationSpec Parse(AppManifest manifest)
    {
        var context = new SpecValidationContext(manifest);
        var spec = Read(manifest.Spec, context);
        return context.Problems.Count == 0 && spec is not null
            ? spec
            : throw new InvalidOperationException($"The simulation spec of '{manifest.Name}' is invalid: {string.Join("; ", context.Problems)}");
    }

    private static SimulationSpec? Read(JsonElement spec, SpecValidationContext context)
    {
        if (spec.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("", "is required: a mapping with 'parameters' (the model's parameter space) and optionally 'run'.");
            return null;
        }

        var before = context.Problems.Count;
        foreach (var unknown in spec.EnumerateObject().Where(p => !KnownKeys.Contains(p.Name)))
        {
            context.AddProblem(unknown.Name, $"unknown key; expected one of {string.Join(", ", KnownKeys)}.");
        }

        var size = DefaultResultsSize;
        if (spec.TryGetProperty("resultsSize", out var sizeElement))
        {
            if (sizeElement.ValueKind != JsonValueKind.String || !System.Text.RegularExpressions.Regex.IsMatch(sizeElement.GetString()!, "^[1-9][0-9]{0,5}(Mi|Gi|Ti)$"))
            {
                context.AddProblem("resultsSize", $"must be a size such as 512Mi, 1Gi or 20Gi, not {sizeElement.GetRawText()}.");
            }
            else
            {
                size = sizeElement.GetString()!;
            }
        }

        var parameters = ParameterSpace.Read(spec.TryGetProperty("parameters", out var p) ? p : default, context);
        var run = spec.TryGetProperty("run", out var runElement) ? RunSpec.Read(runElement, parameters, context) : null;
        return context.Problems.Count > before ? null : new SimulationSpec(parameters, run, size);
    }
}
