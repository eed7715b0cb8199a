using Microsoft.Extensions.Logging;

namespace Strata.Verticals.Functions.Worker;

/// <summary>The worker's log messages, with fixed event ids.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Function {App} revision {Revision} loaded in {Milliseconds:F2} ms (cold start)")]
    public static partial void Loaded(ILogger logger, string app, int revision, double milliseconds);

    [LoggerMessage(2, LogLevel.Error, "Function {App} revision {Revision} failed to load: {Reason}")]
    public static partial void LoadFailed(ILogger logger, string app, int revision, string reason);

    [LoggerMessage(3, LogLevel.Information, "Function {App} revision {Revision} unloaded")]
    public static partial void Unloaded(ILogger logger, string app, int revision);

    [LoggerMessage(4, LogLevel.Debug, "Function {App} revision {Revision}: its load context was collected")]
    public static partial void Collected(ILogger logger, string app, int revision);

    [LoggerMessage(5, LogLevel.Error, "Function {App} revision {Revision} threw")]
    public static partial void Threw(ILogger logger, string app, int revision, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Function {App} revision {Revision} timed out after {TimeoutSeconds} s; the invocation was cancelled")]
    public static partial void TimedOut(ILogger logger, string app, int revision, int timeoutSeconds);

    [LoggerMessage(7, LogLevel.Warning, "Function folder {Folder}: {Reason}")]
    public static partial void InvalidDescriptor(ILogger logger, string folder, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Cannot watch the functions folder {Directory} ({Reason}); new functions are found when a request names them")]
    public static partial void WatcherUnavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(9, LogLevel.Error, "Cannot scan the functions folder {Directory}: {Reason}")]
    public static partial void ScanFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(10, LogLevel.Information, "Worker warmed: a function load took {Milliseconds:F1} ms; serving {Count} function(s) from {Directory}")]
    public static partial void Warmed(ILogger logger, double milliseconds, int count, string directory);

    [LoggerMessage(11, LogLevel.Error, "Sweeping idle functions failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
