using Microsoft.Extensions.Logging;

namespace Strata.Core.Building;

/// <summary>One line of a build log.</summary>
/// <param name="Timestamp">When it was logged.</param>
/// <param name="Step">The step that logged it.</param>
/// <param name="Level">Its level; a program's standard error is <see cref="LogLevel.Warning"/>.</param>
/// <param name="Message">The text.</param>
public sealed record BuildLogLine(DateTimeOffset Timestamp, string Step, LogLevel Level, string Message);
