using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Validation;

namespace Strata.Verticals.Simulation.Spec;

/// <summary>The model's parameters (<c>spec.parameters</c>), by name.</summary>
internal static partial class ParameterSpace
{
    /// <summary>The most parameters a model may declare.</summary>
    public const int MaxParameters = 64;

    private static readonly string[] KnownKeys = ["type", "min", "max", "values", "default", "description"];

    /// <summary>
    /// Reads <c>spec.parameters</c>, reporting every problem with its path; parameters with problems are left out of the result.
    /// </summary>
    public static IReadOnlyDictionary<string, ParameterDefinition> Read(JsonElement parameters, SpecValidationContext context)
    {
        var result = new SortedDictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("parameters", "is required: a mapping of parameter names to { type, min, max, values, default }.");
            return result;
        }

        var count = 0;
        foreach (var property in parameters.EnumerateObject())
        {
            if (++count > MaxParameters)
            {
                context.AddProblem("parameters", $"declares more than {MaxParameters} parameters.");
                break;
            }

            if (ReadOne(property.Name, property.Value, "parameters." + property.Name, context) is { } definition)
            {
                result[property.Name] = definition;
            }
        }

        return result;
    }

    private static ParameterDefinition? ReadOne(string name, JsonElement element, string path, SpecValidationContext context)
    {
        var before = context.Problems.Count;
        if (!Name().IsMatch(name))
        {
            context.AddProblem(path, "is not a valid parameter name: use a letter, then letters, digits or '_' (at most 40).");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem(path, "must be a mapping: { type: number|integer|string|boolean, min, max, values, default }.");
            return null;
        }

        foreach (var unknown in element.EnumerateObject().Where(p => !KnownKeys.Contains(p.Name)))
        {
            context.AddProblem($"{path}.{unknown.Name}", $"unknown key; expected one of {string.Join(", ", KnownKeys)}.");
        }

        ParameterType? type = element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString() switch
            {
                "number" => ParameterType.Number,
                "integer" => ParameterType.Integer,
                "string" => ParameterType.String,
                "boolean" => ParameterType.Boolean,
                _ => null,
            }
            : null;
        if (type is null)
        {
            context.AddProblem($"{path}.type", $"must be number, integer, string or boolean, not {(typeElement.ValueKind == JsonValueKind.Undefined ? "missing" : typeElement.GetRawText())}.");
            return null;
        }

        var min = Bound(element, "min", path, type.Value, context);
        var max = Bound(element, "max", path, type.Value, context);
        if (min is { } low && max is { } high && low > high)
        {
            context.AddProblem($"{path}.max", $"must not be below min ({low.ToString(CultureInfo.InvariantCulture)}).");
        }

        var values = new List<string>();
        if (element.TryGetProperty("values", out var valuesElement))
        {
            if (type != ParameterType.String)
            {
                context.AddProblem($"{path}.values", "applies to string parameters only; numbers take min and max.");
            }
            else if (valuesElement.ValueKind != JsonValueKind.Array || valuesElement.GetArrayLength() == 0)
            {
                context.AddProblem($"{path}.values", "must be a non-empty list of strings.");
            }
            else
            {
                var index = 0;
                foreach (var item in valuesElement.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        values.Add(item.GetString()!);
                    }
                    else
                    {
                        context.AddProblem($"{path}.values[{index}]", $"must be a string, not {item.GetRawText()}.");
                    }

                    index++;
                }
            }
        }
        else if (type == ParameterType.String)
        {
            context.AddProblem($"{path}.values", "is required for a string parameter: the list of allowed values.");
        }

        if (context.Problems.Count > before)
        {
            return null;
        }

        var definition = new ParameterDefinition(name, type.Value, 0) { Min = min, Max = max, Values = values };
        if (!element.TryGetProperty("default", out var defaultElement))
        {
            context.AddProblem($"{path}.default", $"is required: the value runs use when they do not set {name}.");
            return null;
        }

        if (!definition.TryRead(defaultElement, out var value, out var problem))
        {
            context.AddProblem($"{path}.default", problem);
            return null;
        }

        return definition with { Default = value };
    }

    private static double? Bound(JsonElement element, string key, string path, ParameterType type, SpecValidationContext context)
    {
        if (!element.TryGetProperty(key, out var bound))
        {
            return null;
        }

        if (type is not (ParameterType.Number or ParameterType.Integer))
        {
            context.AddProblem($"{path}.{key}", "applies to number and integer parameters only.");
            return null;
        }

        if (bound.ValueKind != JsonValueKind.Number || (type == ParameterType.Integer && !bound.TryGetInt64(out _)))
        {
            context.AddProblem($"{path}.{key}", $"must be {(type == ParameterType.Integer ? "a whole number" : "a number")}, not {bound.GetRawText()}.");
            return null;
        }

        return bound.GetDouble();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex Name();
}
