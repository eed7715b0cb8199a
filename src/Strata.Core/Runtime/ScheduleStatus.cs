namespace Strata.Core.Runtime;

/// <summary>One scheduled request of an app (a timer trigger) as the runtime fires it.</summary>
/// <param name="Name">The schedule name.</param>
/// <param name="Schedule">Its cron expression (UTC).</param>
/// <param name="NextFireAt">When it fires next; null when the expression has no further occurrence or the runtime does not know.</param>
/// <param name="LastFiredAt">When it last fired, if it has.</param>
/// <param name="LastOutcome">How the last firing ended: the HTTP status (<c>200 OK</c>) or why it failed.</param>
/// <param name="Firings">Firings started.</param>
/// <param name="Failures">Firings that ended without a 2xx answer.</param>
/// <param name="Missed">Occurrences not fired: the previous firing still ran, or the runtime was too late for it.</param>
public sealed record ScheduleStatus(string Name, string Schedule, DateTimeOffset? NextFireAt, DateTimeOffset? LastFiredAt, string? LastOutcome, int Firings, int Failures, int Missed);
