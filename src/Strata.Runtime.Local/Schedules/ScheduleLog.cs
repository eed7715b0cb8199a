using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Schedules;

/// <summary>
/// The scheduler's log messages. Event ids are fixed (300 and up, apart from those of
/// <see cref="LocalRuntimeLog"/> and the jobs) so that operators can filter on them.
/// </summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Schedule {Schedule} of app {App} ({Cron}, UTC) fires next at {Next:o}")]
    public static partial void ScheduleStarted(this ILogger logger, string app, string schedule, string cron, DateTimeOffset? next);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Schedule {Schedule} of app {App} fired: {Method} {Path} answered {Status}")]
    public static partial void Fired(this ILogger logger, string app, string schedule, string method, string path, string status);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Schedule {Schedule} of app {App} failed: {Reason}")]
    public static partial void FiringFailed(this ILogger logger, string app, string schedule, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Schedule {Schedule} of app {App} missed its firing due at {Due:o}: {Reason}")]
    public static partial void Missed(this ILogger logger, string app, string schedule, DateTimeOffset due, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Schedule {Schedule} of app {App} stopped unexpectedly")]
    public static partial void LoopFailed(this ILogger logger, string app, string schedule, Exception exception);
}
