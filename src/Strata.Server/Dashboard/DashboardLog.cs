using Microsoft.Extensions.Logging;

namespace Strata.Server.Dashboard;

/// <summary>The dashboard's log messages (event ids 61xx).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(6101, LogLevel.Information, "Dashboard: signed in with token {Token}")]
    public static partial void SignedIn(ILogger logger, string token);

    [LoggerMessage(6102, LogLevel.Information, "Dashboard: sign-in refused: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string reason);

    [LoggerMessage(6103, LogLevel.Information, "Dashboard: session of token {Token} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string token, string reason);

    [LoggerMessage(6104, LogLevel.Information, "Dashboard: token {Token} rolled {App} back to revision {Revision}")]
    public static partial void RolledBack(ILogger logger, string token, string app, int revision);

    [LoggerMessage(6105, LogLevel.Warning, "Dashboard: token {Token} was refused {Action} on vertical {Vertical}")]
    public static partial void Refused(ILogger logger, string token, string action, string vertical);

    [LoggerMessage(6106, LogLevel.Warning, "Dashboard: the status of {App} could not be read: {Reason}")]
    public static partial void StatusUnavailable(ILogger logger, string app, string reason);
}
