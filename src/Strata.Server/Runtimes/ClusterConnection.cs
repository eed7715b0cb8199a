using Microsoft.Extensions.Logging;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Server.Api;
using Strata.Server.Hosting;

namespace Strata.Server.Runtimes;

/// <summary>
/// The cluster the host deploys <c>--runtime kubernetes</c> apps to, found the way kubectl finds one:
/// <c>KUBECONFIG</c>, then <c>~/.kube/config</c>, then the pod's service account inside a cluster
/// (or the file <c>Strata:Kubernetes:Kubeconfig</c> names). Connecting
/// reads the configuration only (no request goes out), so a host without a cluster starts as before and
/// only offers <c>local</c>. The volumes of its apps are read through reader pods into mirrors under the
/// host's data folder (<c>cluster-volumes/</c>).
/// </summary>
internal sealed partial class ClusterConnection : IDisposable
{
    private readonly KubernetesRuntime? _owned;
    private readonly StateStore _state;

    public ClusterConnection(KubernetesMappingOptions mapping, KubernetesRuntimeOptions options, IClusterInputs inputs, StateStore state, DataLayout layout, ILoggerFactory loggerFactory)
    {
        _state = state;
        options = options with { VolumeMirrorRoot = options.VolumeMirrorRoot ?? Path.Combine(layout.Root, "cluster-volumes") };
        var logger = loggerFactory.CreateLogger("Strata.Kubernetes");
        try
        {
            var runtime = new KubernetesRuntime(KubernetesClusters.Connect(options.Kubeconfig, options.Context), mapping, inputs, options, logger);
            Runtime = new ClusterErrors(runtime);
            _owned = runtime;
            Reason = "";
            LogConnected(logger, runtime.Server.ToString());
        }
        catch (StrataException ex)
        {
            Reason = ex.Message;
            LogNoCluster(logger, ex.Message);
        }
    }

    /// <summary>The runtime on the configured cluster, or null when none is configured.</summary>
    public ICaasRuntime? Runtime { get; }

    /// <summary>Why there is no cluster, when there is none.</summary>
    public string Reason { get; }

    /// <summary>
    /// The host folder that mirrors <paramref name="volume"/> of <paramref name="app"/> when the app runs on the
    /// cluster (copied from its claim when older than the mirror's TTL); null when there is no cluster, the app is
    /// not recorded on it, or it has no such claim.
    /// </summary>
    /// <exception cref="ApiException">502: the claim could not be read (the reader pod, the exec or the copy failed).</exception>
    public async ValueTask<string?> GetVolumeFolderAsync(AppRef app, string volume, CancellationToken cancellationToken)
    {
        if (_owned is null
            || Core.Naming.StrataNames.CheckDnsLabel(app.App) is not null
            || await _state.GetAppAsync(app, cancellationToken).ConfigureAwait(false) is not { } record
            || AppRuntimes.IsLocal(record))
        {
            return null;
        }

        try
        {
            return await _owned.Volumes.GetFolderAsync(app, volume, cancellationToken).ConfigureAwait(false);
        }
        catch (StrataException ex)
        {
            throw new ApiException(502, "Cluster error", $"Cannot read volume '{volume}' of app {app} from the cluster: {ex.Message}");
        }
    }

    public void Dispose() => _owned?.Dispose();

    [LoggerMessage(4101, LogLevel.Information, "Kubernetes runtime available: apps deployed with --runtime kubernetes go to {Server}")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(4102, LogLevel.Information, "Kubernetes runtime not available, only local: {Reason}")]
    private static partial void LogNoCluster(ILogger logger, string reason);
}
