using Microsoft.Extensions.Logging;

namespace Strata.Core.Building;

/// <summary>What the build runner itself writes to a step's log.</summary>
internal static partial class BuildLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Step {Step} started")]
    public static partial void StepStarted(ILogger logger, string step);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Step {Step} cached: inputs unchanged since its last successful run")]
    public static partial void StepCached(ILogger logger, string step);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Step {Step} runs again although its inputs are unchanged: {Reason}")]
    public static partial void StepCacheStale(ILogger logger, string step, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Step {Step} succeeded in {ElapsedMilliseconds} ms")]
    public static partial void StepSucceeded(ILogger logger, string step, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Step {Step} failed: {Error}")]
    public static partial void StepFailed(ILogger logger, string step, string error);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Step {Step} cancelled")]
    public static partial void StepCancelled(ILogger logger, string step);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void OutputLine(ILogger logger, string line);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "{Line}")]
    public static partial void ErrorLine(ILogger logger, string line);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "> {CommandLine}")]
    public static partial void ProcessStarting(ILogger logger, string commandLine);
}
