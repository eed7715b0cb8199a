using Microsoft.Extensions.Logging;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Runtime.Kubernetes;
using Strata.Runtime.Kubernetes.Cluster;

namespace Strata.Server.Runtimes;

/// <summary>
/// The cluster the host deploys <c>--runtime kubernetes</c> apps to, found the way kubectl finds one:
/// <c>KUBECONFIG</c>, then <c>~/.kube/config</c>, then the pod's service account inside a cluster
/// (or the file <c>Strata:Kubernetes:Kubeconfig</c> names). Connecting
/// reads the configuration only (no request goes out), so a host without a cluster starts as before and
/// only offers <c>local</c>.
/// </summary>
internal sealed partial class ClusterConnection : IDisposable
{
    private readonly KubernetesRuntime? _owned;

    public ClusterConnection(KubernetesMappingOptions mapping, KubernetesRuntimeOptions options, IClusterInputs inputs, ILoggerFactory loggerFactory)
    {
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

    public void Dispose() => _owned?.Dispose();

    [LoggerMessage(4101, LogLevel.Information, "Kubernetes runtime available: apps deployed with --runtime kubernetes go to {Server}")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(4102, LogLevel.Information, "Kubernetes runtime not available, only local: {Reason}")]
    private static partial void LogNoCluster(ILogger logger, string reason);
}
