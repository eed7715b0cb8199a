using System.Globalization;
using System.Text.Json;

namespace Strata.Verticals.Simulation.Spec;

/// <summary>
/// One parameter of the model (<c>spec.parameters.&lt;name&gt;</c>): its type, range or allowed values, and default.
/// Values are <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.
/// </summary>
internal sealed record ParameterDefinition(string Name, ParameterType Type, object Default)
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>
    /// Reads <paramref name="element"/> as a value of this parameter, or says why it is not one
    /// (the message names the accepted type, range or values).
    /// </summary>
    public bool TryRead(JsonElement element, out object value, out string problem)
    {
        value = Default;
        problem = "";
        switch (Type)
        {
            case ParameterType.Number when element.ValueKind == JsonValueKind.Number:
                return InRange(element.GetDouble(), out value, out problem);
            case ParameterType.Integer when element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var whole):
                if (!InRange(whole, out _, out problem))
                {
                    return false;
                }

                value = whole;
                return true;
            case ParameterType.String when element.ValueKind == JsonValueKind.String && Values.Contains(element.GetString()!):
                value = element.GetString()!;
                return true;
            case ParameterType.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            default:
                problem = $"must be {Describe()}, not {element.GetRawText()}.";
                return false;
        }
    }

    /// <summary>What a value of this parameter must be, in words.</summary>
    public string Describe() => Type switch
    {
        ParameterType.Number => "a number" + RangeText(),
        ParameterType.Integer => "a whole number" + RangeText(),
        ParameterType.String => $"one of {string.Join(", ", Values)}",
        _ => "true or false",
    };

    private bool InRange(double number, out object value, out string problem)
    {
        value = number;
        problem = "";
        if ((Min is { } min && number < min) || (Max is { } max && number > max))
        {
            problem = $"must be {Describe()}, not {number.ToString(CultureInfo.InvariantCulture)}.";
            return false;
        }

        return true;
    }

    private string RangeText() => (Min, Max) switch
    {
        ({ } min, { } max) => $" from {Format(min)} to {Format(max)}",
        ({ } min, null) => $" of at least {Format(min)}",
        (null, { } max) => $" of at most {Format(max)}",
        _ => "",
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
