namespace Strata.Runtime.Local.Jobs;

/// <summary>How long a failed job task waits before its retry: the first delay, doubling with each failed attempt of the job, at most 30 s.</summary>
internal static class JobBackoff
{
    /// <summary>The longest delay.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The delay after the job's <paramref name="failures"/>-th failed attempt (1 for the first).</summary>
    public static TimeSpan Delay(TimeSpan first, int failures)
    {
        // Counted across the job, as Kubernetes does: many failing indexes back off together.
        var doublings = Math.Clamp(failures - 1, 0, 30);
        var ticks = first.Ticks * Math.Pow(2, doublings);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
