using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Jobs;

/// <summary>
/// The job runner's log messages. Event ids are fixed (101 and up, so they never meet those of
/// <see cref="LocalRuntimeLog"/>) so that operators can filter on them.
/// </summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Job {Job} of app {App} (revision {Revision}) started: {Completions} completions, parallelism {Parallelism}")]
    public static partial void JobStarted(this ILogger logger, string app, string job, int revision, int completions, int parallelism);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Job task {TaskId} started as process {ProcessId}")]
    public static partial void TaskStarted(this ILogger logger, string taskId, int processId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Job task {TaskId} exited with code {ExitCode}")]
    public static partial void TaskFailed(this ILogger logger, string taskId, int exitCode);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Job {Job} of app {App} succeeded")]
    public static partial void JobSucceeded(this ILogger logger, string app, string job);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Job {Job} of app {App} failed: {Reason}")]
    public static partial void JobFailed(this ILogger logger, string app, string job, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Job {Job} of app {App} cancelled: {Reason}")]
    public static partial void JobCancelled(this ILogger logger, string app, string job, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Job task {TaskId} did not exit within {DrainTimeout} of SIGTERM; killing it")]
    public static partial void TaskKilled(this ILogger logger, string taskId, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Job task {TaskId} could not start")]
    public static partial void TaskStartFailed(this ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "Could not write the log file of job task {Source}")]
    public static partial void LogFileFailed(this ILogger logger, string source, Exception exception);
}
