using Cronos;
using Strata.Workloads;

namespace Strata.Verticals.Functions;

/// <summary>
/// A function's timer trigger (<c>spec.schedule</c>): a cron expression in UTC — five fields, six with
/// seconds first (the Local runtime only; a Kubernetes CronJob fires at most once a minute), or a macro
/// such as <c>@hourly</c> — mapped onto a scheduled request that calls the function.
/// </summary>
internal static class FunctionSchedule
{
    /// <summary>The schedule's name in the workload set (the CronJob is <c>&lt;app&gt;-timer</c>).</summary>
    public const string Name = "timer";

    /// <summary>Names the function to its worker, whether the worker is the app's own or shared.</summary>
    public const string FunctionHeader = "X-Strata-Function";

    /// <summary>Why <paramref name="expression"/> cannot be a schedule, or null when it can.</summary>
    public static string? Problem(string expression)
    {
        var text = expression.Trim();
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            return $"must be a cron expression (UTC) of five fields, minute hour day-of-month month day-of-week (e.g. \"*/5 * * * *\"), six with seconds first, or a macro such as @hourly; '{expression}' has {fields}.";
        }

        try
        {
            CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{expression}' is not a valid cron expression: {ex.Message}";
        }
    }

    /// <summary>The scheduled request that fires the function of <paramref name="app"/>.</summary>
    public static ScheduledRequest Request(string app, FunctionSpec spec) => new()
    {
        Name = Name,
        Schedule = spec.Schedule!,
        Service = FunctionsMapping.ServiceName,
        Path = "/",
        Method = "POST",
        Headers = new Dictionary<string, string> { [FunctionHeader] = app },
        // A little over the function's own timeout, so the worker's 504 (which names the function) is what is seen.
        TimeoutSeconds = spec.TimeoutSeconds + 10,
    };
}
