using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Runtime.Kubernetes.Volumes;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// The <c>kubernetes</c> runtime: applies a revision's objects (<see cref="AppObjects.For(AppRevision, WorkloadSet, KubernetesMappingOptions, ClusterInputs)"/>,
/// the same composition a render shows) with <see cref="KubernetesApplier"/>, and reads status and logs off the
/// cluster. Kubernetes rolls Deployments with <c>maxUnavailable: 0</c>, so a revision that never becomes
/// available leaves the previous one serving; the apply then fails naming the stuck object.
/// </summary>
public sealed class KubernetesRuntime : ICaasRuntime, IDisposable
{
    /// <summary>The runtime's name in the API, the CLI and the state store.</summary>
    public const string RuntimeName = "kubernetes";

    private static readonly KubernetesResource Deployments = KubernetesResource.AppKinds.Single(r => r.Kind == V1Deployment.KubeKind);
    private static readonly KubernetesResource Jobs = KubernetesResource.AppKinds.Single(r => r.Kind == V1Job.KubeKind);
    private static readonly KubernetesResource Services = KubernetesResource.AppKinds.Single(r => r.Kind == V1Service.KubeKind);

    private readonly IKubernetes _kubernetes;
    private readonly ClusterClient _client;
    private readonly KubernetesApplier _applier;
    private readonly KubernetesMappingOptions _mapping;
    private readonly IClusterInputs _inputs;
    private readonly KubernetesRuntimeOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the runtime over a client (e.g. <see cref="KubernetesClusters.Connect"/>); it disposes the client with itself.</summary>
    /// <param name="kubernetes">The cluster's API client.</param>
    /// <param name="mapping">The cluster's mapping options (<c>Strata:Kubernetes</c>).</param>
    /// <param name="inputs">Where a revision's cluster policy and raw manifests come from.</param>
    /// <param name="options">Rollout timeout and status polling; defaults when null.</param>
    /// <param name="logger">Receives the apply's progress lines.</param>
    public KubernetesRuntime(IKubernetes kubernetes, KubernetesMappingOptions mapping, IClusterInputs inputs, KubernetesRuntimeOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(inputs);
        _kubernetes = kubernetes;
        _client = new ClusterClient(kubernetes);
        _applier = new KubernetesApplier(kubernetes);
        _mapping = mapping;
        _inputs = inputs;
        _options = options ?? new KubernetesRuntimeOptions();
        _logger = logger ?? NullLogger.Instance;
        Volumes = new KubernetesVolumeReader(kubernetes, mapping, _options, _logger);
    }

    /// <summary>Reads the apps' volume claims for the host (mirrored into host folders through reader pods).</summary>
    public KubernetesVolumeReader Volumes { get; }

    /// <inheritdoc />
    public string Name => RuntimeName;

    /// <summary>The API server this runtime talks to, for messages.</summary>
    public Uri Server => _kubernetes.BaseUri;

    /// <inheritdoc />
    public async Task<ApplyResult> ApplyAsync(AppRevision revision, WorkloadSet workloads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(workloads);
        var app = $"{revision.Vertical}/{revision.App}";
        try
        {
            var objects = AppObjects.For(revision, workloads, _mapping, await _inputs.GetAsync(revision, cancellationToken).ConfigureAwait(false));
            var progress = new LogProgress(_logger, app, revision.Number);
            var result = await _applier.ApplyAsync(objects, _options.RolloutTimeout, progress, cancellationToken).ConfigureAwait(false);
            KubernetesRuntimeLog.Applied(_logger, app, revision.Number, result.Applied.Count, result.Pruned.Count);
            return ApplyResult.Ok($"applied {result.Applied.Count} objects to {objects.Namespace}" + (result.Pruned.Count == 0 ? "" : $", pruned {result.Pruned.Count}"));
        }
        catch (StrataException ex)
        {
            // The field's path leads the message (caas.uses[0], caas.patches[1]...): the deploy's answer is all the user sees.
            var message = ex.Path is { Length: > 0 } path && !ex.Message.Contains(path, StringComparison.Ordinal) ? $"{path}: {ex.Message}" : ex.Message;
            KubernetesRuntimeLog.ApplyFailed(_logger, app, revision.Number, message);
            return ApplyResult.Failed(message);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAppAsync(AppRef app, CancellationToken cancellationToken)
    {
        // The readers first: a claim that a pod still mounts stays (Terminating) until the pod is gone.
        await Volumes.DeleteAppAsync(app, cancellationToken).ConfigureAwait(false);
        var deleted = await _applier.DeleteAppAsync(app.Vertical, app.App, Namespace(app), cancellationToken: cancellationToken).ConfigureAwait(false);
        KubernetesRuntimeLog.Deleted(_logger, app.ToString(), deleted.Count);
    }

    /// <inheritdoc />
    public async Task<AppRuntimeStatus> GetStatusAsync(AppRef app, CancellationToken cancellationToken)
    {
        var @namespace = Namespace(app);
        var selector = KubernetesApplier.AppSelector(app.Vertical, app.App);
        var deployments = await ListAsync<V1Deployment>(Deployments, @namespace, selector, cancellationToken).ConfigureAwait(false);
        var jobs = await ListAsync<V1Job>(Jobs, @namespace, selector, cancellationToken).ConfigureAwait(false);
        if (deployments.Count + jobs.Count == 0)
        {
            return AppRuntimeStatus.NotRunning(app);
        }

        var pods = await ListAsync<V1Pod>(RolloutEvents.Pods, @namespace, selector, cancellationToken).ConfigureAwait(false);
        var services = deployments.Count == 0 ? [] : await ListAsync<V1Service>(Services, @namespace, selector, cancellationToken).ConfigureAwait(false);
        return ClusterStatus.Of(app, deployments, jobs, pods, service => ServiceUri(services.FirstOrDefault(s => ClusterStatus.Component(s.Metadata) == service)));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AppRuntimeStatus> WatchAsync(AppRef app, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Reads the app's few objects every poll interval and reports a change: status is for people and the
        // CLI; the rollout itself is followed through real watches (RolloutWaiter).
        string? last = null;
        using var timer = new PeriodicTimer(_options.StatusPollInterval);
        do
        {
            var status = await GetStatusAsync(app, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(status);
            if (json != last)
            {
                last = json;
                yield return status;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LogEntry> ReadLogsAsync(AppRef app, LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PodLogs.ReadAsync(_client, Namespace(app), KubernetesApplier.AppSelector(app.Vertical, app.App), query, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Suspends the Job: Kubernetes stops its running pods and starts no more, and the Job stays to be seen.</remarks>
    public async Task CancelJobAsync(AppRef app, string job, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var found = (await ListAsync<V1Job>(Jobs, Namespace(app), KubernetesApplier.AppSelector(app.Vertical, app.App), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(j => ClusterStatus.Component(j.Metadata) == job)
            ?? throw new KeyNotFoundException($"App {app} runs no job '{job}' on the cluster; see GET /api/apps/{app.App}/jobs.");
        await _client.MergePatchAsync(Jobs, Namespace(app), found.Metadata.Name, """{"spec":{"suspend":true}}""", scale: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Through the Deployment's <c>scale</c> subresource, as <c>kubectl scale</c> does; the next deploy sets the revision's count again.</remarks>
    public async Task ScaleAsync(AppRef app, string service, int replicas, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var found = (await ListAsync<V1Deployment>(Deployments, Namespace(app), KubernetesApplier.AppSelector(app.Vertical, app.App), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(d => ClusterStatus.Component(d.Metadata) == service)
            ?? throw new KeyNotFoundException($"App {app} runs no service '{service}' on the cluster.");
        var patch = "{\"spec\":{\"replicas\":" + replicas.ToString(CultureInfo.InvariantCulture) + "}}";
        await _client.MergePatchAsync(Deployments, Namespace(app), found.Metadata.Name, patch, scale: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<Uri?> GetServiceUriAsync(AppRef app, string service, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        var live = await _client.GetAsync(Services, Namespace(app), StrataNames.ObjectName(app.App, service), cancellationToken).ConfigureAwait(false);
        return live is { ValueKind: JsonValueKind.Object } found ? ServiceUri(KubernetesJson.Deserialize<V1Service>(found.GetRawText())) : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Volumes.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _kubernetes.Dispose();
    }

    private string Namespace(AppRef app) => StrataNames.Namespace(app.Vertical, _mapping.NamespacePrefix);

    /// <summary>The Service's cluster DNS address, on its <c>http</c> port (else its first): the URL discovery keys carry.</summary>
    private Uri? ServiceUri(V1Service? service)
    {
        var port = service?.Spec?.Ports?.FirstOrDefault(p => p.Name == "http") ?? service?.Spec?.Ports?.FirstOrDefault();
        return service is null || port is null
            ? null
            : new Uri($"http://{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc.{_mapping.ClusterDomain}:{port.Port.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(KubernetesResource resource, string @namespace, string selector, CancellationToken cancellationToken)
    {
        var items = await _client.ListAsync(resource, @namespace, selector, null, cancellationToken).ConfigureAwait(false);
        return [.. items.Select(i => KubernetesJson.Deserialize<T>(i.GetRawText()))];
    }

    /// <summary>The applier's progress lines, into the host's log as they happen.</summary>
    private sealed class LogProgress(ILogger logger, string app, int revision) : IProgress<string>
    {
        public void Report(string value) => KubernetesRuntimeLog.Progress(logger, app, revision, value);
    }
}
