namespace Strata.Server.Telemetry;

/// <summary>
/// The running count of one app's relayed requests, by gateway path and status class: what the
/// observable counter <c>strata.gateway.requests</c> reports at collection time. Adding is one
/// interlocked increment, so counting a request takes no lock and no lookup of its tags.
/// </summary>
internal sealed class GatewayRequestTally
{
    /// <summary>The in-process fast path.</summary>
    public const int Fast = 0;

    /// <summary>Kestrel and YARP.</summary>
    public const int Yarp = 1;

    /// <summary>The gateway process (mode Process), as its reports count it.</summary>
    public const int Process = 2;

    /// <summary>How many paths are counted.</summary>
    public const int Paths = 3;

    /// <summary>How many status classes are counted: indexes 0–4 are 1xx–5xx.</summary>
    public const int Classes = 5;

    private readonly long[] _counts = new long[Paths * Classes];

    /// <summary>Adds <paramref name="count"/> requests.</summary>
    public void Add(int path, int statusClass, long count) => Interlocked.Add(ref _counts[(path * Classes) + statusClass], count);

    /// <summary>The requests counted so far.</summary>
    public long Read(int path, int statusClass) => Interlocked.Read(ref _counts[(path * Classes) + statusClass]);
}
