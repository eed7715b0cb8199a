using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local;

/// <summary>The Local runtime's log messages; event ids are fixed so that operators can filter on them.</summary>
internal static partial class LocalRuntimeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Replica {ReplicaId} started as process {ProcessId} on port {Port}")]
    public static partial void ReplicaStarted(this ILogger logger, string replicaId, int processId, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Replica {ReplicaId} is ready")]
    public static partial void ReplicaReady(this ILogger logger, string replicaId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Replica {ReplicaId} exited with code {ExitCode}")]
    public static partial void ReplicaExited(this ILogger logger, string replicaId, int exitCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Restarting replica {ReplicaId} in {Delay} (restart {Restarts})")]
    public static partial void ReplicaRestarting(this ILogger logger, string replicaId, TimeSpan delay, int restarts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Stopping replica {ReplicaId}")]
    public static partial void ReplicaStopping(this ILogger logger, string replicaId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Replica {ReplicaId} did not exit within {DrainTimeout} of SIGTERM; killing it")]
    public static partial void ReplicaKilled(this ILogger logger, string replicaId, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "App {App} now serves revision {Revision}")]
    public static partial void RevisionServing(this ILogger logger, string app, int revision);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Revision {Revision} of app {App} was abandoned: {Reason}")]
    public static partial void ApplyFailed(this ILogger logger, string app, int revision, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Killed process {ProcessId} of replica {ReplicaId}, left running by a previous host")]
    public static partial void LeftoverKilled(this ILogger logger, int processId, string replicaId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Pid file {PidFile} names no live process of ours; removing it")]
    public static partial void LeftoverGone(this ILogger logger, string pidFile);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Load balancer on port {Port} could not reach replica {Backend}")]
    public static partial void BackendUnreachable(this ILogger logger, int port, string backend, Exception exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "App {App} deleted")]
    public static partial void AppDeleted(this ILogger logger, string app);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Service {Service} of app {App} scaled to {Replicas} replicas")]
    public static partial void ServiceScaled(this ILogger logger, string app, string service, int replicas);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Replica {ReplicaId} could not start")]
    public static partial void ReplicaStartFailed(this ILogger logger, string replicaId, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "Could not write the log file of replica {ReplicaId}")]
    public static partial void LogFileFailed(this ILogger logger, string replicaId, Exception exception);

    // 100-199: healing, scaling, idling and limits (liveness, autoscaler, activator, log files, cgroups).
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Replica {ReplicaId} failed its liveness probe; killing it: {Reason}")]
    public static partial void LivenessFailed(this ILogger logger, string replicaId, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Autoscaled service {Service} of app {App} from {From} to {To} replicas ({AverageInFlight:0.##} requests in flight on average)")]
    public static partial void Autoscaled(this ILogger logger, string app, string service, int from, int to, double averageInFlight);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Service {Service} of app {App} scaled to zero after {IdleSeconds}s without requests")]
    public static partial void ScaledToZero(this ILogger logger, string app, string service, long idleSeconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Cold start of service {Service} of app {App}: starting a replica for a waiting request")]
    public static partial void ColdStartBegan(this ILogger logger, string app, string service);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Cold start of service {Service} of app {App} took {ElapsedMs} ms")]
    public static partial void ColdStartEnded(this ILogger logger, string app, string service, long elapsedMs);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Autoscaling service {Service} of app {App} failed")]
    public static partial void AutoscaleFailed(this ILogger logger, string app, string service, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Resource limits: memory {Memory}; CPU {Cpu}")]
    public static partial void CgroupsProbed(this ILogger logger, string memory, string cpu);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Could not apply the resource limits of replica {ReplicaId}: {Reason}")]
    public static partial void LimitsNotApplied(this ILogger logger, string replicaId, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Removed {Count} containers a previous host of this data folder left running")]
    public static partial void ContainerLeftoversRemoved(this ILogger logger, int count);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Could not run {Podman} to remove containers a previous host left running: {Reason}")]
    public static partial void ContainerLeftoversFailed(this ILogger logger, string podman, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "The gateway did not confirm within {Timeout} that it stopped routing to {Endpoints}; stopping the replicas anyway")]
    public static partial void DeregistrationTimedOut(this ILogger logger, TimeSpan timeout, string endpoints);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Waiting for the gateway to stop routing to {Endpoints} failed; stopping the replicas anyway")]
    public static partial void DeregistrationFailed(this ILogger logger, string endpoints, Exception exception);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Replicas get their service's connections through the load balancer only: {Reason}")]
    public static partial void ListenerSharingOff(this ILogger logger, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Refused a connection to the listener broker: {Reason}")]
    public static partial void ListenerGreetingRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Debug, Message = "A replica's listener link broke: {Reason}")]
    public static partial void ListenerLinkBroken(this ILogger logger, string reason);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Replicas of service {Service} did not stop accepting its connections within {Timeout}; stopping them anyway")]
    public static partial void ListenerReleaseTimedOut(this ILogger logger, string service, TimeSpan timeout);
}
