namespace Strata.Core.Runtime;

/// <summary>One line written by a workload.</summary>
/// <param name="Timestamp">When it was read.</param>
/// <param name="Source">Which replica or job task wrote it.</param>
/// <param name="Stream"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Line">The text, without its line break.</param>
public sealed record LogEntry(DateTimeOffset Timestamp, string Source, string Stream, string Line);

/// <summary>Which log lines to read.</summary>
public sealed record LogQuery
{
    /// <summary>Only this service or job, when set.</summary>
    public string? Workload { get; init; }

    /// <summary>At most this many of the newest lines already written.</summary>
    public int Tail { get; init; } = 200;

    /// <summary>Keep reading new lines until cancelled.</summary>
    public bool Follow { get; init; }
}
