using System.Text.Json;
using Strata.Validation;

namespace Company.Verticals.Sample;

/// <summary>The vertical's <c>spec:</c> section of <c>strata.yaml</c>.</summary>
/// <param name="Command">The command that serves the app on <c>$PORT</c>, run in the app's folder.</param>
#if (jobs)
/// <param name="Prepare">A command run once per revision as the job <c>prepare</c>; empty for none.</param>
internal sealed record SampleSpec(IReadOnlyList<string> Command, IReadOnlyList<string> Prepare)
#else
internal sealed record SampleSpec(IReadOnlyList<string> Command)
#endif
{
    /// <summary>Reads the spec; call <see cref="Validate"/> first, this assumes it is valid.</summary>
#if (jobs)
    public static SampleSpec Parse(JsonElement spec) => new(Strings(spec, "command"), Strings(spec, "prepare"));
#else
    public static SampleSpec Parse(JsonElement spec) => new(Strings(spec, "command"));
#endif

    /// <summary>Reports every problem of the spec, each with its path.</summary>
    public static void Validate(SpecValidationContext context)
    {
        if (context.Spec.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("", "must be a mapping with at least 'command'.");
            return;
        }

        CheckCommand(context, "command", required: true);
#if (jobs)
        CheckCommand(context, "prepare", required: false);
#endif
    }

    private static void CheckCommand(SpecValidationContext context, string name, bool required)
    {
        if (!context.Spec.TryGetProperty(name, out var value))
        {
            if (required)
            {
                context.AddProblem(name, "is required: the program and its arguments, e.g. [sh, -c, 'exec my-server --port $PORT'].");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            context.AddProblem(name, "must be a non-empty list of strings.");
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                context.AddProblem($"{name}[{index}]", "must be a non-empty string.");
            }

            index++;
        }
    }

    private static string[] Strings(JsonElement spec, string name)
        => spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(item => item.GetString() ?? "")]
            : [];
}
