using Microsoft.Extensions.Logging;

namespace Strata.Core.Plugins;

internal static partial class VerticalCatalogLog
{
    [LoggerMessage(1001, LogLevel.Information, "Loaded vertical {Vertical} {Version} from {Directory}")]
    public static partial void Loaded(ILogger logger, string vertical, string version, string directory);

    [LoggerMessage(1002, LogLevel.Warning, "Vertical {Vertical} {State}: {Reason}")]
    public static partial void NotLoaded(ILogger logger, string vertical, VerticalState state, string reason);

    [LoggerMessage(1003, LogLevel.Information, "No plugins directory at {Directory}; no verticals loaded from it")]
    public static partial void NoPluginsDirectory(ILogger logger, string directory);
}
