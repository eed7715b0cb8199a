using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Kubernetes;

internal static partial class KubernetesRuntimeLog
{
    [LoggerMessage(5001, LogLevel.Information, "{App} revision {Revision}: {Step}")]
    public static partial void Progress(ILogger logger, string app, int revision, string step);

    [LoggerMessage(5002, LogLevel.Information, "{App} revision {Revision} is available on the cluster: {Applied} objects applied, {Pruned} pruned")]
    public static partial void Applied(ILogger logger, string app, int revision, int applied, int pruned);

    [LoggerMessage(5003, LogLevel.Warning, "{App} revision {Revision} was not applied: {Reason}")]
    public static partial void ApplyFailed(ILogger logger, string app, int revision, string reason);

    [LoggerMessage(5004, LogLevel.Information, "{App}: deleted {Count} objects from the cluster")]
    public static partial void Deleted(ILogger logger, string app, int count);
}
