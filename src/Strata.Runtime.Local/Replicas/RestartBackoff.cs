namespace Strata.Runtime.Local.Replicas;

/// <summary>How long to wait before restarting a replica that exited: 0.5 s, doubling, at most 30 s.</summary>
internal static class RestartBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The delay before restart number <paramref name="attempt"/> (0 for the first) of a run of crashes.</summary>
    public static TimeSpan Delay(int attempt) =>
        attempt >= 6 ? Max : TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << attempt));

    /// <summary>
    /// A replica that stayed ready this long counts as healthy again, so its next crash restarts it
    /// quickly instead of after the long delay earned by crashes long ago.
    /// </summary>
    public static TimeSpan HealthyAfter { get; } = TimeSpan.FromSeconds(30);
}
