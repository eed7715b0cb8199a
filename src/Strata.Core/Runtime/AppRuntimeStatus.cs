namespace Strata.Core.Runtime;

/// <summary>What a runtime runs for one app.</summary>
/// <param name="App">The app.</param>
/// <param name="Revision">The revision serving, or null when none does.</param>
/// <param name="Services">One entry per service workload.</param>
/// <param name="Jobs">One entry per job workload.</param>
public sealed record AppRuntimeStatus(AppRef App, int? Revision, IReadOnlyList<ServiceStatus> Services, IReadOnlyList<JobStatus> Jobs)
{
    /// <summary>The status of an app that does not run.</summary>
    public static AppRuntimeStatus NotRunning(AppRef app) => new(app, null, [], []);

    /// <summary>One entry per scheduled request: when it last fired, how that went, when it fires next.</summary>
    public IReadOnlyList<ScheduleStatus> Schedules { get; init; } = [];
}

/// <summary>One service workload's replicas.</summary>
/// <param name="Name">The service workload name.</param>
/// <param name="DesiredReplicas">How many replicas are wanted.</param>
/// <param name="ReadyReplicas">How many are ready now.</param>
/// <param name="Uri">The stable address of the service (its load balancer), when it runs.</param>
/// <param name="Replicas">Each replica.</param>
public sealed record ServiceStatus(string Name, int DesiredReplicas, int ReadyReplicas, Uri? Uri, IReadOnlyList<ReplicaStatus> Replicas)
{
    /// <summary>What the runtime wants the user to know: e.g. a resource limit it cannot enforce on this OS.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One replica of a service workload.</summary>
/// <param name="Id">A runtime-unique replica id (a pod name on Kubernetes).</param>
/// <param name="Revision">The revision it runs.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="Endpoint">Where the replica itself listens, when known.</param>
/// <param name="ProcessId">The OS process id on Local.</param>
/// <param name="Restarts">How many times it was restarted (healing).</param>
/// <param name="Message">Why it is not ready, when it is not.</param>
/// <param name="StartedAt">When its current process started.</param>
public sealed record ReplicaStatus(string Id, int Revision, ReplicaState State, Uri? Endpoint, int? ProcessId, int Restarts, string? Message, DateTimeOffset StartedAt);

/// <summary>The life of a replica.</summary>
public enum ReplicaState
{
    /// <summary>Started, readiness not yet passed.</summary>
    Starting,
    /// <summary>Passing readiness: gets traffic.</summary>
    Ready,
    /// <summary>Running but failing readiness: gets no traffic.</summary>
    Unready,
    /// <summary>Draining before it stops.</summary>
    Terminating,
    /// <summary>Its process ended; waiting for a restart.</summary>
    Exited,
    /// <summary>Given up on.</summary>
    Failed,
}

/// <summary>One job workload's progress.</summary>
/// <param name="Name">The job workload name.</param>
/// <param name="Completions">Tasks that must succeed.</param>
/// <param name="Succeeded">Tasks that succeeded.</param>
/// <param name="Failed">Task attempts that failed.</param>
/// <param name="Active">Tasks running now.</param>
/// <param name="State">Running, Succeeded, Failed or Cancelled.</param>
/// <param name="Message">Why it failed, when it did.</param>
public sealed record JobStatus(string Name, int Completions, int Succeeded, int Failed, int Active, string State, string? Message)
{
    /// <summary>Each completion index: its state, attempts and last exit code.</summary>
    public IReadOnlyList<JobTaskStatus> Tasks { get; init; } = [];
}

/// <summary>One completion index of a job.</summary>
/// <param name="Index">The index, 0 to completions - 1 (<c>JOB_COMPLETION_INDEX</c>).</param>
/// <param name="State">Pending, Running, Succeeded, Failed or Cancelled.</param>
/// <param name="Attempts">How many times it was started.</param>
/// <param name="ExitCode">The exit code of its last attempt, when it ended.</param>
/// <param name="Message">Why its last attempt failed, when it did.</param>
public sealed record JobTaskStatus(int Index, string State, int Attempts, int? ExitCode, string? Message);
