namespace Strata.Verticals.Functions.Worker.Diagnostics;

/// <summary>One function as <c>GET /_strata/functions</c> lists it.</summary>
internal sealed record FunctionStatus
{
    public required string App { get; init; }

    public int? Revision { get; init; }

    /// <summary><c>warm</c> (loaded), <c>cold</c> (registered, not loaded) or <c>failed</c> (see <see cref="Reason"/>).</summary>
    public required string State { get; init; }

    public string? Reason { get; init; }

    public long Invocations { get; init; }

    public long Errors { get; init; }

    public long Timeouts { get; init; }

    public int InFlight { get; init; }

    public long ColdStarts { get; init; }

    public double? LastColdStartMs { get; init; }

    public double? MeanColdStartMs { get; init; }

    public long Unloads { get; init; }

    /// <summary>Unloaded contexts the GC has collected.</summary>
    public long Collected { get; init; }

    /// <summary>Unloaded contexts not collected yet (still referenced, e.g. by an abandoned invocation).</summary>
    public int AwaitingCollection { get; init; }
}

/// <summary>What <c>GET /_strata/functions</c> answers.</summary>
/// <param name="Directory">The functions folder.</param>
/// <param name="ProcessId">The worker process (which replica answered).</param>
/// <param name="Functions">Every registered function, and every folder whose descriptor cannot be used.</param>
internal sealed record WorkerStatus(string Directory, int ProcessId, IReadOnlyList<FunctionStatus> Functions);
