namespace Strata.Runtime.Local;

/// <summary>Settings of the <see cref="LocalRuntime"/>, bound from <c>Strata:LocalRuntime</c>.</summary>
public sealed record LocalRuntimeOptions
{
    /// <summary>
    /// Where the runtime keeps replica log files (<c>logs/&lt;vertical&gt;/&lt;app&gt;/&lt;replica&gt;.log</c>)
    /// and pid files (<c>pids/</c>) that let a restarted host stop what a crashed one left running.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>The loopback address services and replicas listen on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>How long new replicas of a revision may take to become ready before the deploy is abandoned.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping replica may take to exit after SIGTERM before it is killed.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a replica taken out of traffic waits for the gateway to confirm it no longer routes to
    /// it (<see cref="Core.Runtime.IReplicaRouter"/>) before it is sent SIGTERM anyway. The confirmation
    /// normally takes milliseconds; this bounds a gateway that cannot answer.
    /// </summary>
    public TimeSpan DeregistrationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a ready replica that asks for it (an app using <c>Strata.Hosting</c>, such as the functions
    /// worker) accepts its service's connections itself from the stable address's socket, with no proxy
    /// in between. Off: every connection to the stable address goes through the load balancer.
    /// </summary>
    public bool ShareListeners { get; init; } = true;

    /// <summary>How many log lines per app are kept in memory for <c>ReadLogsAsync</c>.</summary>
    public int LogLinesPerApp { get; init; } = 2000;

    /// <summary>
    /// How long a failed job task waits before its retry, after the job's first failed attempt; the
    /// delay doubles with each further failed attempt of the job, to at most 30 s.
    /// </summary>
    public TimeSpan JobRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the autoscaler compares the average in-flight requests of a service with its target.</summary>
    public TimeSpan AutoscaleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the autoscaler's wanted count must stay below the running count before replicas are
    /// drained, so that a short lull does not throw away warm replicas.
    /// </summary>
    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The size at which a replica's log file is rotated (<c>&lt;id&gt;.log</c> → <c>&lt;id&gt;.log.1</c>).</summary>
    public long MaxLogFileBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How many log files per replica are kept, the current one included.</summary>
    public int MaxLogFiles { get; init; } = 3;

    /// <summary>
    /// When set, services and jobs run from their artifacts' images (by digest) through podman instead
    /// of as processes from the artifact folders.
    /// </summary>
    public ContainerOptions? Containers { get; init; }
}
