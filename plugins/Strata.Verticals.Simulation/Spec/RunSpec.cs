using System.Text.Json;
using Strata.Validation;
using Strata.Verticals.Simulation.Runs;

namespace Strata.Verticals.Simulation.Spec;

/// <summary>
/// Reads <c>spec.run</c>: one parameter set (<c>parameters</c>) or a sweep (<c>sweep.grid</c> or
/// <c>sweep.random</c>), its <c>parallelism</c>, an optional <c>label</c> and <c>deadlineSeconds</c>.
/// </summary>
internal static class RunSpec
{
    /// <summary>The most tasks (parameter sets) one run may have.</summary>
    public const int MaxTasks = 256;

    /// <summary>The most tasks of a run that may run at once.</summary>
    public const int MaxParallelism = 32;

    private static readonly string[] KnownKeys = ["label", "parameters", "sweep", "parallelism", "deadlineSeconds"];

    /// <summary>Reads and checks <paramref name="run"/> against the model's parameters; null when it has problems (all reported).</summary>
    public static RunPlan? Read(JsonElement run, IReadOnlyDictionary<string, ParameterDefinition> space, SpecValidationContext context)
    {
        var before = context.Problems.Count;
        if (run.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("run", "must be a mapping: { parameters } for one set, or { sweep: { grid | random } }, with parallelism.");
            return null;
        }

        foreach (var unknown in run.EnumerateObject().Where(p => !KnownKeys.Contains(p.Name)))
        {
            context.AddProblem("run." + unknown.Name, $"unknown key; expected one of {string.Join(", ", KnownKeys)}.");
        }

        var label = "";
        if (run.TryGetProperty("label", out var labelElement))
        {
            if (labelElement.ValueKind != JsonValueKind.String || labelElement.GetString()!.Length > 200)
            {
                context.AddProblem("run.label", "must be a string of at most 200 characters.");
            }
            else
            {
                label = labelElement.GetString()!;
            }
        }

        var parallelism = WholeNumber(run, "parallelism", 1, MaxParallelism, context) ?? 1;
        var deadline = WholeNumber(run, "deadlineSeconds", 1, 7 * 24 * 3600, context);
        var fixedValues = new Dictionary<string, object>(StringComparer.Ordinal);
        if (run.TryGetProperty("parameters", out var parameters))
        {
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                context.AddProblem("run.parameters", "must be a mapping of parameter names to values.");
            }
            else
            {
                foreach (var property in parameters.EnumerateObject())
                {
                    if (ReadValue(property.Name, property.Value, $"run.parameters.{property.Name}", space, context) is { } value)
                    {
                        fixedValues[property.Name] = value;
                    }
                }
            }
        }

        var (kind, sets, varied) = run.TryGetProperty("sweep", out var sweep)
            ? ReadSweep(sweep, fixedValues, space, context)
            : (SweepKind.Single, [With(Defaults(space), fixedValues)], []);
        return context.Problems.Count > before
            ? null
            : new RunPlan(kind, sets, Math.Min(parallelism, sets.Count)) { Label = label, Varied = varied, DeadlineSeconds = deadline };
    }

    private static (SweepKind, IReadOnlyList<ParameterSet>, IReadOnlyList<string>) ReadSweep(
        JsonElement sweep, Dictionary<string, object> fixedValues, IReadOnlyDictionary<string, ParameterDefinition> space, SpecValidationContext context)
    {
        var hasGrid = sweep.ValueKind == JsonValueKind.Object && sweep.TryGetProperty("grid", out _);
        var hasRandom = sweep.ValueKind == JsonValueKind.Object && sweep.TryGetProperty("random", out _);
        if (sweep.ValueKind != JsonValueKind.Object || hasGrid == hasRandom || sweep.EnumerateObject().Count() != 1)
        {
            context.AddProblem("run.sweep", "must have exactly one of grid (lists of values per parameter) or random ({ count, seed, vary }).");
            return (SweepKind.Grid, [], []);
        }

        var baseSet = With(Defaults(space), fixedValues);
        return hasGrid
            ? ReadGrid(sweep.GetProperty("grid"), baseSet, fixedValues, space, context)
            : ReadRandom(sweep.GetProperty("random"), baseSet, fixedValues, space, context);
    }

    private static (SweepKind, IReadOnlyList<ParameterSet>, IReadOnlyList<string>) ReadGrid(
        JsonElement grid, ParameterSet baseSet, Dictionary<string, object> fixedValues, IReadOnlyDictionary<string, ParameterDefinition> space, SpecValidationContext context)
    {
        if (grid.ValueKind != JsonValueKind.Object || !grid.EnumerateObject().Any())
        {
            context.AddProblem("run.sweep.grid", "must map at least one parameter to its list of values.");
            return (SweepKind.Grid, [], []);
        }

        var axes = new List<(string Name, List<object> Values)>();
        var size = 1.0;
        foreach (var property in grid.EnumerateObject())
        {
            var path = "run.sweep.grid." + property.Name;
            if (fixedValues.ContainsKey(property.Name))
            {
                context.AddProblem(path, $"is also fixed in run.parameters.{property.Name}; set it in one place.");
            }

            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0)
            {
                context.AddProblem(path, "must be a non-empty list of values.");
                continue;
            }

            var values = new List<object>();
            var index = 0;
            foreach (var item in property.Value.EnumerateArray())
            {
                if (ReadValue(property.Name, item, $"{path}[{index++}]", space, context) is { } value)
                {
                    values.Add(value);
                }
            }

            size *= property.Value.GetArrayLength();
            axes.Add((property.Name, values));
        }

        if (size > MaxTasks)
        {
            context.AddProblem("run.sweep.grid", $"gives {size:0} parameter sets ({string.Join(" × ", axes.Select(a => a.Values.Count))}); a run has at most {MaxTasks}. Sweep fewer values, or split the sweep into runs.");
            return (SweepKind.Grid, [], []);
        }

        // The first parameter varies slowest, as nested loops written in the file's order would.
        IEnumerable<ParameterSet> sets = [baseSet];
        foreach (var (name, values) in axes)
        {
            sets = sets.SelectMany(set => values.Select(value => With(set, new Dictionary<string, object> { [name] = value })));
        }

        return (SweepKind.Grid, sets.ToList(), [.. axes.Select(a => a.Name)]);
    }

    private static (SweepKind, IReadOnlyList<ParameterSet>, IReadOnlyList<string>) ReadRandom(
        JsonElement random, ParameterSet baseSet, Dictionary<string, object> fixedValues, IReadOnlyDictionary<string, ParameterDefinition> space, SpecValidationContext context)
    {
        if (random.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("run.sweep.random", "must be a mapping: { count, seed, vary: [parameter names] }.");
            return (SweepKind.Random, [], []);
        }

        foreach (var unknown in random.EnumerateObject().Where(p => p.Name is not ("count" or "seed" or "vary")))
        {
            context.AddProblem("run.sweep.random." + unknown.Name, "unknown key; expected one of count, seed, vary.");
        }

        int? count = null;
        if (!random.TryGetProperty("count", out var countElement) || countElement.ValueKind != JsonValueKind.Number || !countElement.TryGetInt64(out var requested) || requested < 1)
        {
            context.AddProblem("run.sweep.random.count", "is required: how many parameter sets to draw (a whole number of at least 1).");
        }
        else if (requested > MaxTasks)
        {
            context.AddProblem("run.sweep.random.count", $"is {requested}; a run has at most {MaxTasks} parameter sets. Draw fewer, or split the sweep into runs.");
        }
        else
        {
            count = (int)requested;
        }

        ulong seed = 0;
        if (!random.TryGetProperty("seed", out var seedElement) || seedElement.ValueKind != JsonValueKind.Number || !seedElement.TryGetUInt64(out seed))
        {
            context.AddProblem("run.sweep.random.seed", "is required: a whole number of at least 0, so that the sweep can be drawn again.");
        }

        var vary = new List<ParameterDefinition>();
        if (random.TryGetProperty("vary", out var varyElement))
        {
            if (varyElement.ValueKind != JsonValueKind.Array || varyElement.GetArrayLength() == 0)
            {
                context.AddProblem("run.sweep.random.vary", "must be a non-empty list of parameter names.");
            }
            else
            {
                var index = 0;
                foreach (var item in varyElement.EnumerateArray())
                {
                    var path = $"run.sweep.random.vary[{index++}]";
                    if (item.ValueKind != JsonValueKind.String || !space.TryGetValue(item.GetString()!, out var parameter))
                    {
                        context.AddProblem(path, $"must name a parameter of spec.parameters ({string.Join(", ", space.Keys)}), not {item.GetRawText()}.");
                    }
                    else if (parameter.Type is ParameterType.Number or ParameterType.Integer && (parameter.Min is null || parameter.Max is null))
                    {
                        context.AddProblem(path, $"parameter '{parameter.Name}' has no min and max to draw between; declare both in spec.parameters.{parameter.Name}.");
                    }
                    else if (fixedValues.ContainsKey(parameter.Name))
                    {
                        context.AddProblem(path, $"'{parameter.Name}' is also fixed in run.parameters.{parameter.Name}; set it in one place.");
                    }
                    else
                    {
                        vary.Add(parameter);
                    }
                }
            }
        }
        else
        {
            vary.AddRange(space.Values.Where(p => !fixedValues.ContainsKey(p.Name) && (p.Type is ParameterType.String or ParameterType.Boolean || (p.Min is not null && p.Max is not null))));
        }

        if (count is not { } total)
        {
            return (SweepKind.Random, [], []);
        }

        var generator = new RandomSweep(seed);
        var sets = new List<ParameterSet>(total);
        for (var i = 0; i < total; i++)
        {
            sets.Add(With(baseSet, vary.ToDictionary(p => p.Name, generator.Draw)));
        }

        return (SweepKind.Random, sets, [.. vary.Select(p => p.Name)]);
    }

    private static object? ReadValue(string name, JsonElement element, string path, IReadOnlyDictionary<string, ParameterDefinition> space, SpecValidationContext context)
    {
        if (!space.TryGetValue(name, out var parameter))
        {
            context.AddProblem(path, space.Count == 0
                ? "names no parameter: spec.parameters declares none (or has problems)."
                : $"names no parameter of spec.parameters; expected one of {string.Join(", ", space.Keys)}.");
            return null;
        }

        if (!parameter.TryRead(element, out var value, out var problem))
        {
            context.AddProblem(path, problem);
            return null;
        }

        return value;
    }

    private static int? WholeNumber(JsonElement run, string key, int min, int max, SpecValidationContext context)
    {
        if (!run.TryGetProperty(key, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < min || value > max)
        {
            context.AddProblem("run." + key, $"must be a whole number from {min} to {max}, not {element.GetRawText()}.");
            return null;
        }

        return value;
    }

    private static ParameterSet Defaults(IReadOnlyDictionary<string, ParameterDefinition> space)
        => new(space.Values.ToDictionary(p => p.Name, p => p.Default));

    private static ParameterSet With(ParameterSet set, IReadOnlyDictionary<string, object> values)
    {
        var copy = new ParameterSet(set);
        foreach (var (name, value) in values)
        {
            copy[name] = value;
        }

        return copy;
    }
}
