using Microsoft.Extensions.Logging;

namespace Strata.Core.Images;

internal static partial class ImagePublishLog
{
    [LoggerMessage(4001, LogLevel.Information, "Artifact {Artifact}: pushed {Image} as {Digest}")]
    public static partial void Published(ILogger logger, string artifact, string image, string digest);
}
