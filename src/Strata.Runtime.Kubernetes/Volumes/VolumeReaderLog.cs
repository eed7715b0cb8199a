using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Kubernetes.Volumes;

internal static partial class VolumeReaderLog
{
    [LoggerMessage(5011, LogLevel.Information, "{App}: started reader pod {Pod} for volume {Volume}")]
    public static partial void Started(ILogger logger, string app, string volume, string pod);

    [LoggerMessage(5012, LogLevel.Information, "{App}: deleted reader pod {Pod} of volume {Volume}, unused for the idle timeout")]
    public static partial void DeletedIdle(ILogger logger, string app, string volume, string pod);

    [LoggerMessage(5013, LogLevel.Warning, "{App}: could not delete the idle reader pod of volume {Volume}: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, string app, string volume, string reason);

    [LoggerMessage(5014, LogLevel.Warning, "Reader pod {Pod}: tar reported a problem but wrote an archive; mirrored what it holds: {Stderr}")]
    public static partial void CopyIncomplete(ILogger logger, string pod, string stderr);
}
