namespace Strata.Runtime.Local.Jobs;

/// <summary>The states of a job and of its tasks, as <see cref="Core.Runtime.JobStatus"/> spells them.</summary>
internal static class JobStates
{
    /// <summary>A task not started yet, or waiting to be retried.</summary>
    public const string Pending = "Pending";

    /// <summary>A job with work left, or a task whose process runs.</summary>
    public const string Running = "Running";

    /// <summary>Every index (for a task: its index) succeeded.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The back-off limit or the deadline was passed, or a task could not start.</summary>
    public const string Failed = "Failed";

    /// <summary>Stopped on request (cancel, a new revision, the app deleted), or never run because the job ended.</summary>
    public const string Cancelled = "Cancelled";
}
