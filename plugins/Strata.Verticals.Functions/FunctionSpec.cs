using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Validation;

namespace Strata.Verticals.Functions;

/// <summary>The functions vertical's <c>spec:</c> section.</summary>
/// <param name="Handler">The full name of the handler class, e.g. <c>Hello.Function</c>; empty for a pool.</param>
/// <param name="TimeoutSeconds">How long one invocation may take.</param>
/// <param name="Mode">
/// <c>dedicated</c> (the default): the app gets functions workers of its own (isolation; replicas and
/// autoscale from <c>caas:</c>). <c>shared</c>: the function is served by the workers of a pool app
/// (<see cref="Pool"/>) together with other apps' functions (density). <c>pool</c>: the app is such a pool,
/// a functions worker with no function of its own.
/// </param>
/// <param name="Schedule">
/// A timer trigger: a cron expression (UTC) on which the runtime calls the function (<c>POST /</c>, with
/// an <c>X-Strata-Schedule: timer</c> header); none when null. See <see cref="FunctionSchedule"/>.
/// </param>
/// <param name="Pool">The pool app that serves a <c>shared</c> function.</param>
internal sealed partial record FunctionSpec(string Handler, int TimeoutSeconds, string Mode = FunctionSpec.Dedicated, string? Schedule = null, string Pool = FunctionSpec.DefaultPool)
{
    public const string Dedicated = "dedicated";
    public const string Shared = "shared";
    public const string PoolMode = "pool";
    public const string DefaultPool = "functions-pool";
    public const int DefaultTimeoutSeconds = 30;
    public const int MaxTimeoutSeconds = 900;
    private static readonly string[] KnownKeys = ["handler", "timeoutSeconds", "mode", "schedule", "pool"];

    /// <summary>True for a pool app: it builds and serves no function of its own.</summary>
    public bool IsPool => Mode == PoolMode;

    /// <summary>Reads a spec that <see cref="Validate"/> accepted.</summary>
    public static FunctionSpec Parse(JsonElement spec) => new(
        spec.TryGetProperty("handler", out var handler) ? handler.GetString()! : "",
        spec.TryGetProperty("timeoutSeconds", out var timeout) ? timeout.GetInt32() : DefaultTimeoutSeconds,
        spec.TryGetProperty("mode", out var mode) ? mode.GetString()! : Dedicated,
        spec.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null,
        spec.TryGetProperty("pool", out var pool) ? pool.GetString()! : DefaultPool);

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

        var mode = ValidateMode(context, spec);
        if (mode == PoolMode)
        {
            // A pool serves other apps' functions: what describes a function of its own makes no sense here.
            foreach (var key in new[] { "handler", "schedule", "pool" }.Where(k => spec.TryGetProperty(k, out _)))
            {
                context.AddProblem(key, "is not for a pool: a pool (mode: pool) serves the functions of apps in mode 'shared'; remove it.");
            }
        }
        else if (!spec.TryGetProperty("handler", out var handler))
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

        if (spec.TryGetProperty("pool", out var pool))
        {
            if (mode != Shared)
            {
                context.AddProblem("pool", "names the pool app of a function in mode 'shared'; set mode: shared, or remove it.");
            }
            else if (pool.ValueKind != JsonValueKind.String || !DnsLabel().IsMatch(pool.GetString()!) || pool.GetString() == context.Manifest.Name)
            {
                context.AddProblem("pool", $"must name another functions app in mode 'pool' (a DNS label such as {DefaultPool}), not {pool.GetRawText()}.");
            }
        }

        if (mode != PoolMode)
        {
            ValidateSchedule(context, spec);
        }
    }

    private static string? ValidateMode(SpecValidationContext context, JsonElement spec)
    {
        if (!spec.TryGetProperty("mode", out var mode))
        {
            return Dedicated;
        }

        if (mode.ValueKind == JsonValueKind.String && mode.GetString() is Dedicated or Shared or PoolMode)
        {
            return mode.GetString();
        }

        context.AddProblem("mode", $"must be 'dedicated' (workers of the app's own), 'shared' (served by a pool app with other functions) or 'pool' (such a pool), not {mode.GetRawText()}.");
        return null;
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

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
