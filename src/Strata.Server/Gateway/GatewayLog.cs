using Microsoft.Extensions.Logging;

namespace Strata.Server.Gateway;

/// <summary>The gateway's log messages.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(5001, LogLevel.Warning, "Watching {App} for the gateway failed, watching again: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string app, string reason);

    [LoggerMessage(5002, LogLevel.Debug, "{App}: gateway destinations now {Destinations}")]
    public static partial void DestinationsChanged(ILogger logger, string app, string destinations);

    [LoggerMessage(5003, LogLevel.Information, "Retrying {Method} {Path} on another replica of {Cluster} (attempt {Attempt}): {Error}")]
    public static partial void Retrying(ILogger logger, string method, string path, string cluster, int attempt, string error);

    [LoggerMessage(5004, LogLevel.Warning, "Replica {Destination} of {Cluster} refused a connection; no traffic for {Period}")]
    public static partial void DestinationRefused(ILogger logger, string destination, string cluster, TimeSpan period);

    [LoggerMessage(5005, LogLevel.Information, "{App}: service {Service} has no ready replica; activating it")]
    public static partial void Activating(ILogger logger, string app, string service);

    [LoggerMessage(5006, LogLevel.Warning, "{App}: service {Service} could not be activated: {Reason}")]
    public static partial void ActivationFailed(ILogger logger, string app, string service, string reason);
}
