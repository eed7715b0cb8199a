using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Validation;

namespace Strata.Verticals.Functions;

/// <summary>The functions vertical's <c>spec:</c> section.</summary>
/// <param name="Handler">The full name of the handler class, e.g. <c>Hello.Function</c>.</param>
/// <param name="TimeoutSeconds">How long one invocation may take.</param>
/// <param name="Mode">
/// <c>dedicated</c> (the default): the app gets functions workers of its own (isolation; replicas and
/// autoscale from <c>caas:</c>). <c>shared</c>, many apps in one pool of workers (density), is refused
/// until the contract can route an app to another app's service.
/// </param>
/// <param name="Schedule">
/// A timer trigger: a cron expression (UTC) on which the runtime calls the function (<c>POST /</c>, with
/// an <c>X-Strata-Schedule: timer</c> header); none when null. See <see cref="FunctionSchedule"/>.
/// </param>
internal sealed partial record FunctionSpec(string Handler, int TimeoutSeconds, string Mode = FunctionSpec.Dedicated, string? Schedule = null)
{
    public const string Dedicated = "dedicated";
    public const string Shared = "shared";
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 900;
    private static readonly string[] KnownKeys = ["handler", "timeoutSeconds", "mode", "schedule"];

    /// <summary>Reads a spec that <see cref="Validate"/> accepted.</summary>
    public static FunctionSpec Parse(JsonElement spec) => new(
        spec.GetProperty("handler").GetString()!,
        spec.TryGetProperty("timeoutSeconds", out var timeout) ? timeout.GetInt32() : DefaultTimeoutSeconds,
        spec.TryGetProperty("mode", out var mode) ? mode.GetString()! : Dedicated,
        spec.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null);

    /// <summary>Reports every problem of the spec, each with its path.</summary>
    public static void Validate(SpecValidationContext context)
    {
        var spec = context.Spec;
        if (spec.ValueKind != JsonValueKind.Object)
        {
            context.AddProblem("", "is required: a mapping with at least 'handler' (the full name of the handler class, e.g. Hello.Function).");
            return;
        }

        foreach (var property in spec.EnumerateObject().Where(p => !KnownKeys.Contains(p.Name)))
        {
            context.AddProblem(property.Name, $"unknown key; expected one of {string.Join(", ", KnownKeys)}.");
        }

        if (!spec.TryGetProperty("handler", out var handler))
        {
            context.AddProblem("handler", "is required: the full name of the handler class, e.g. Hello.Function.");
        }
        else if (handler.ValueKind != JsonValueKind.String || !TypeName().IsMatch(handler.GetString()!))
        {
            context.AddProblem("handler", $"must be the full name of a C# class (Namespace.Class), not {handler.GetRawText()}.");
        }

        if (spec.TryGetProperty("timeoutSeconds", out var timeout)
            && (timeout.ValueKind != JsonValueKind.Number || !timeout.TryGetInt32(out var value) || value < 1 || value > MaxTimeoutSeconds))
        {
            context.AddProblem("timeoutSeconds", $"must be a whole number of seconds from 1 to {MaxTimeoutSeconds}, not {timeout.GetRawText()}.");
        }

        if (spec.TryGetProperty("mode", out var mode))
        {
            if (mode.ValueKind == JsonValueKind.String && mode.GetString() == Shared)
            {
                context.AddProblem("mode", "'shared' (many apps in one pool of functions workers) is not available yet; use 'dedicated' (the default) or leave mode out.");
            }
            else if (mode.ValueKind != JsonValueKind.String || mode.GetString() != Dedicated)
            {
                context.AddProblem("mode", $"must be 'dedicated' (workers of the app's own) or 'shared' (a pool shared with other apps), not {mode.GetRawText()}.");
            }
        }

        ValidateSchedule(context, spec);
    }

    private static void ValidateSchedule(SpecValidationContext context, JsonElement spec)
    {
        if (!spec.TryGetProperty("schedule", out var schedule))
        {
            return;
        }

        if (schedule.ValueKind != JsonValueKind.String)
        {
            context.AddProblem("schedule", $"must be a cron expression in quotes, e.g. \"*/5 * * * *\", not {schedule.GetRawText()}.");
        }
        else if (FunctionSchedule.Problem(schedule.GetString()!) is { } problem)
        {
            context.AddProblem("schedule", problem);
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex TypeName();
}
