using Cronos;

namespace Strata.Runtime.Local.Schedules;

/// <summary>
/// Reads a scheduled request's cron expression as the Local runtime takes it: five fields, six with
/// seconds first, or a macro (<c>@hourly</c>, <c>@every_second</c>); always in UTC.
/// </summary>
internal static class CronSchedule
{
    /// <summary>The parsed expression, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static CronExpression? Parse(string? expression, out string? problem)
    {
        problem = null;
        var text = expression?.Trim() ?? "";
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            problem = $"'{expression}' is not a cron expression: expected five fields (minute hour day-of-month month day-of-week), six with seconds first, or a macro such as @hourly";
            return null;
        }

        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            problem = $"'{expression}' is not a valid cron expression: {ex.Message}";
            return null;
        }
    }
}
