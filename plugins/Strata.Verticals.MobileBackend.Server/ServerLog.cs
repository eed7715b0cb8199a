namespace Strata.Verticals.MobileBackend.Server;

/// <summary>The server's log messages, with fixed event ids. No token, key, password or document body is ever logged.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Schema of app {App}: {Step}")]
    public static partial void MigrationStep(ILogger logger, string app, string step);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Schema change of app {App} refused, data left as it was: {Reason}")]
    public static partial void MigrationRefused(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Mobile backend of app {App} serves {Collections} collection(s) from {Provider}")]
    public static partial void Serving(ILogger logger, string app, int collections, string provider);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Push {Id} to user {UserId}: {Title}")]
    public static partial void PushLogged(ILogger logger, long id, string userId, string title);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Push {Id} attempt {Attempt} failed: {Reason}")]
    public static partial void PushFailed(ILogger logger, long id, int attempt, string reason);
}
