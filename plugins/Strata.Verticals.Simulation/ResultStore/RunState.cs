namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>Words for the state of a run or task, as the API shows them.</summary>
internal static class RunState
{
    /// <summary>Not started yet.</summary>
    public const string Pending = "pending";

    /// <summary>Started, not finished.</summary>
    public const string Running = "running";

    /// <summary>Finished with results.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Finished without results; the message says why.</summary>
    public const string Failed = "failed";

    /// <summary>Stopped by a cancel.</summary>
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string state) => state is Succeeded or Failed or Cancelled;
}
