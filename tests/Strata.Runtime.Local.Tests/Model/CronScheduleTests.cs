using Strata.Runtime.Local.Schedules;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("*/5 * * * *", "2026-11-24T10:02:00Z", "2026-11-24T10:05:00Z")]
    [InlineData("*/10 * * * * *", "2026-11-24T10:02:01Z", "2026-11-24T10:02:10Z")]
    [InlineData("@hourly", "2026-11-24T10:02:00Z", "2026-11-24T11:00:00Z")]
    [InlineData("  0 3 * * 1  ", "2026-11-24T10:02:00Z", "2026-11-30T03:00:00Z")]
    public void Reads_five_fields_six_with_seconds_and_macros_in_utc(string cron, string after, string next)
    {
        var expression = CronSchedule.Parse(cron, out var problem);

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), expression!.GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData(null, "is not a cron expression")]
    [InlineData("", "is not a cron expression")]
    [InlineData("* * * *", "is not a cron expression")]
    [InlineData("* * * * * * *", "is not a cron expression")]
    [InlineData("60 * * * *", "is not a valid cron expression")]
    [InlineData("@fortnightly", "is not a valid cron expression")]
    public void Refuses_what_it_cannot_read_saying_why(string? cron, string reason)
    {
        Assert.Null(CronSchedule.Parse(cron, out var problem));
        Assert.Contains(reason, problem);
    }
}
