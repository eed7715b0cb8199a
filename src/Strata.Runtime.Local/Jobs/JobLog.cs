using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Jobs;

/// <summary>
/// The job runner's log messages. Event ids are fixed (201 and up, so they never meet those of
/// <see cref="LocalRuntimeLog"/> (100s) or the schedules (300s)) so that operators can filter on them.
/// </summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Job {Job} of app {App} (revision {Revision}) started: {Completions} completions, parallelism {Parallelism}")]
    public static partial void JobStarted(this ILogger logger, string app, string job, int revision, int completions, int parallelism);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Job task {TaskId} started as process {ProcessId}")]
    public static partial void TaskStarted(this ILogger logger, string taskId, int processId);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Job task {TaskId} exited with code {ExitCode}")]
    public static partial void TaskFailed(this ILogger logger, string taskId, int exitCode);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Job {Job} of app {App} succeeded")]
    public static partial void JobSucceeded(this ILogger logger, string app, string job);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Job {Job} of app {App} failed: {Reason}")]
    public static partial void JobFailed(this ILogger logger, string app, string job, string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Job {Job} of app {App} cancelled: {Reason}")]
    public static partial void JobCancelled(this ILogger logger, string app, string job, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Job task {TaskId} did not exit within {DrainTimeout} of SIGTERM; killing it")]
    public static partial void TaskKilled(this ILogger logger, string taskId, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 208, Level = LogLevel.Error, Message = "Job task {TaskId} could not start")]
    public static partial void TaskStartFailed(this ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug, Message = "Could not write the log file of job task {Source}")]
    public static partial void LogFileFailed(this ILogger logger, string source, Exception exception);
}
