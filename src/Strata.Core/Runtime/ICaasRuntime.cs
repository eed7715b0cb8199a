using Strata.Workloads;

namespace Strata.Core.Runtime;

/// <summary>
/// A CaaS driver: <c>Local</c> (the embedded default, one machine) or <c>Kubernetes</c>.
/// It takes a vertical's workload set as it is, adds the discovery environment (same keys on every
/// runtime, see <c>DiscoveryEnvironment</c>) and makes the CaaS run it.
/// </summary>
public interface ICaasRuntime
{
    /// <summary>The runtime's name, e.g. <c>local</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Makes <paramref name="revision"/>'s workload set the one that runs (idempotent). Rolls from the
    /// running revision: new replicas start and must become ready before the old ones drain. When the
    /// new revision never becomes ready it is abandoned, the old one keeps serving and the result says why.
    /// </summary>
    Task<ApplyResult> ApplyAsync(AppRevision revision, WorkloadSet workloads, CancellationToken cancellationToken);

    /// <summary>Stops and removes everything the runtime runs for <paramref name="app"/>.</summary>
    Task DeleteAppAsync(AppRef app, CancellationToken cancellationToken);

    /// <summary>What runs for <paramref name="app"/> now; an empty status when nothing does.</summary>
    Task<AppRuntimeStatus> GetStatusAsync(AppRef app, CancellationToken cancellationToken);

    /// <summary>Status changes of <paramref name="app"/> as they happen, starting with the current status.</summary>
    IAsyncEnumerable<AppRuntimeStatus> WatchAsync(AppRef app, CancellationToken cancellationToken);

    /// <summary>The app's log lines, oldest first; follows new lines when <see cref="LogQuery.Follow"/> is set.</summary>
    IAsyncEnumerable<LogEntry> ReadLogsAsync(AppRef app, LogQuery query, CancellationToken cancellationToken);

    /// <summary>Stops a running job of the app: running tasks are stopped, no more start, its status says Cancelled.</summary>
    Task CancelJobAsync(AppRef app, string job, CancellationToken cancellationToken);

    /// <summary>Sets the replica count of one service of the running revision.</summary>
    Task ScaleAsync(AppRef app, string service, int replicas, CancellationToken cancellationToken);

    /// <summary>
    /// Where a service of the app answers on this runtime (the stable address that discovery keys
    /// name and the gateway forwards to), or null when the runtime does not run it.
    /// </summary>
    ValueTask<Uri?> GetServiceUriAsync(AppRef app, string service, CancellationToken cancellationToken);
}
