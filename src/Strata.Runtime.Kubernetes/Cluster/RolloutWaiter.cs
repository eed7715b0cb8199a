using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Waits, through watches, until every Deployment of an app is available and every Job complete:
/// list, then watch from the list's resourceVersion, watch again when the server ends the stream,
/// list again when the version expired (410). Fails fast when an object fails for good; on timeout
/// names the stuck object, its conditions and its last Events.
/// </summary>
internal sealed class RolloutWaiter(ClusterClient client, IProgress<string>? progress)
{
    // The server ends each watch after this long; a new one starts from the last version seen. Short
    // enough that no proxy or client timeout closes it first.
    private const int WatchSeconds = 60;

    internal static readonly KubernetesResource Deployments = new(V1Deployment.KubeKind, "apps", "v1", "deployments", true);
    internal static readonly KubernetesResource Jobs = new(V1Job.KubeKind, "batch", "v1", "jobs", true);

    public async Task WaitAsync(
        string @namespace, IReadOnlyList<string> deployments, IReadOnlyList<string> jobs, string labelSelector,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (deployments.Count == 0 && jobs.Count == 0)
        {
            return;
        }

        var deploymentStates = new Tracked<V1Deployment>(deployments);
        var jobStates = new Tracked<V1Job>(jobs);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(timeout);
        var tasks = new List<Task>();
        if (deployments.Count > 0)
        {
            tasks.Add(StopOthersOnFailure(window, WatchAsync(
                Deployments, deploymentStates, RolloutState.Of,
                async token =>
                {
                    var list = await client.Kubernetes.AppsV1.ListNamespacedDeploymentAsync(@namespace, labelSelector: labelSelector, cancellationToken: token).ConfigureAwait(false);
                    return (list.Items, list.Metadata?.ResourceVersion);
                },
                (version, onError, token) => client.Kubernetes.AppsV1.WatchListNamespacedDeploymentAsync(
                    @namespace, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: version, timeoutSeconds: WatchSeconds, onError: onError, cancellationToken: token),
                @namespace, window.Token)));
        }

        if (jobs.Count > 0)
        {
            tasks.Add(StopOthersOnFailure(window, WatchAsync(
                Jobs, jobStates, RolloutState.Of,
                async token =>
                {
                    var list = await client.Kubernetes.BatchV1.ListNamespacedJobAsync(@namespace, labelSelector: labelSelector, cancellationToken: token).ConfigureAwait(false);
                    return (list.Items, list.Metadata?.ResourceVersion);
                },
                (version, onError, token) => client.Kubernetes.BatchV1.WatchListNamespacedJobAsync(
                    @namespace, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: version, timeoutSeconds: WatchSeconds, onError: onError, cancellationToken: token),
                @namespace, window.Token)));
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Select(t => t.Exception?.InnerException).OfType<StrataException>().FirstOrDefault() is { } failure)
        {
            throw failure;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw await TimeoutErrorAsync(@namespace, deploymentStates, jobStates, timeout).ConfigureAwait(false);
        }
    }

    private static async Task StopOthersOnFailure(CancellationTokenSource window, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (StrataException)
        {
            await window.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WatchAsync<T>(
        KubernetesResource resource, Tracked<T> states, Func<T, RolloutState> evaluate,
        Func<CancellationToken, Task<(IList<T> Items, string? Version)>> list,
        Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watchFrom,
        string @namespace, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (items, version) = await list(cancellationToken).ConfigureAwait(false);
                foreach (var item in items)
                {
                    if (await ObserveAsync(resource, states, evaluate, item, @namespace, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                var expired = false;
                while (!expired)
                {
                    var started = Stopwatch.StartNew();
                    var watch = watchFrom(
                        version, error => expired |= error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }, cancellationToken);
                    await foreach (var (type, item) in watch.ConfigureAwait(false))
                    {
                        version = item.Metadata?.ResourceVersion ?? version;
                        if (type == WatchEventType.Bookmark)
                        {
                            continue;
                        }

                        if (type == WatchEventType.Deleted && states.IsTracked(item.Metadata?.Name))
                        {
                            throw new StrataException(
                                $"{new KubernetesObjectRef(resource.Kind, @namespace, item.Metadata!.Name)} was deleted while Strata waited for its rollout; deploy again.");
                        }

                        if (await ObserveAsync(resource, states, evaluate, item, @namespace, cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }
                    }

                    // A stream the server closes at once, again and again, must not spin.
                    if (!expired && started.Elapsed < TimeSpan.FromSeconds(1))
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (HttpOperationException error)
        {
            throw ApiErrors.From(error, "watch", resource, @namespace, null);
        }
        catch (HttpRequestException error)
        {
            throw ApiErrors.Unreachable(error, client.Kubernetes.BaseUri, "watch", resource.QualifiedPlural);
        }
    }

    /// <summary>Records the object's state; true when every tracked object is done; throws when it failed.</summary>
    private async Task<bool> ObserveAsync<T>(
        KubernetesResource resource, Tracked<T> states, Func<T, RolloutState> evaluate, T item, string @namespace, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var name = item.Metadata?.Name;
        if (!states.IsTracked(name))
        {
            return states.AllDone;
        }

        var state = evaluate(item);
        var wasDone = states.IsDone(name!);
        states.Record(name!, item, state);
        var target = new KubernetesObjectRef(resource.Kind, @namespace, name!);
        if (state.Failed)
        {
            var events = await RolloutEvents.DescribeAsync(client, resource.Kind, @namespace, name!, PodSelector(item), cancellationToken).ConfigureAwait(false);
            var verb = item is V1Job ? "failed" : "failed to roll out";
            throw new StrataException($"{target} {verb}: {state.Summary}; events: {events}");
        }

        if (state.Done && !wasDone)
        {
            progress?.Report($"{target} is {(item is V1Job ? "complete" : "available")}");
        }

        return states.AllDone;
    }

    private async Task<StrataException> TimeoutErrorAsync(
        string @namespace, Tracked<V1Deployment> deployments, Tracked<V1Job> jobs, TimeSpan timeout)
    {
        // The caller's window is over; reading the events gets a short one of its own.
        using var diagnostics = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stuck = deployments.Pending.Select(p => (Resource: Deployments, p.Name, Object: (IKubernetesObject<V1ObjectMeta>?)p.Object, p.State, Goal: "become available"))
            .Concat(jobs.Pending.Select(p => (Resource: Jobs, p.Name, Object: (IKubernetesObject<V1ObjectMeta>?)p.Object, p.State, Goal: "complete")))
            .ToList();
        var first = stuck[0];
        var target = new KubernetesObjectRef(first.Resource.Kind, @namespace, first.Name);
        var summary = first.State?.Summary ?? "not found on the cluster";
        var events = await RolloutEvents.DescribeAsync(
            client, first.Resource.Kind, @namespace, first.Name, first.Object is null ? null : PodSelector(first.Object), diagnostics.Token).ConfigureAwait(false);
        var others = stuck.Count > 1
            ? "; also not ready: " + string.Join(", ", stuck.Skip(1).Select(s => new KubernetesObjectRef(s.Resource.Kind, @namespace, s.Name)))
            : "";
        return new StrataException($"{target} did not {first.Goal} within {Format(timeout)}: {summary}; events: {events}{others}");
    }

    /// <summary>The label selector of the object's pods, for their events.</summary>
    private static string? PodSelector(IKubernetesObject<V1ObjectMeta> item) => item switch
    {
        V1Deployment { Spec.Selector.MatchLabels: { Count: > 0 } labels } => Selector(labels),
        V1Job { Spec.Selector.MatchLabels: { Count: > 0 } labels } => Selector(labels),
        V1Job job => $"job-name={job.Metadata.Name}",
        _ => null,
    };

    private static string Selector(IDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    internal static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0}ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s"),
        { Seconds: 0 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds}s"),
    };

    /// <summary>The last seen object and state of every object waited for.</summary>
    private sealed class Tracked<T>(IReadOnlyList<string> names) where T : class
    {
        private readonly Dictionary<string, (T? Object, RolloutState? State)> states =
            names.ToDictionary(n => n, _ => ((T?)null, (RolloutState?)null), StringComparer.Ordinal);

        public bool AllDone => states.Values.All(s => s.State?.Done == true);

        public IEnumerable<(string Name, T? Object, RolloutState? State)> Pending =>
            states.Where(s => s.Value.State?.Done != true).Select(s => (s.Key, s.Value.Object, s.Value.State));

        public bool IsTracked(string? name) => name is not null && states.ContainsKey(name);

        public bool IsDone(string name) => states[name].State?.Done == true;

        public void Record(string name, T item, RolloutState state) => states[name] = (item, state);
    }
}
