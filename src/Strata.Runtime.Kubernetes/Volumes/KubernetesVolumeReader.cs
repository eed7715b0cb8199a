using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Runtime.Kubernetes.Cluster;

namespace Strata.Runtime.Kubernetes.Volumes;

/// <summary>
/// Lets the host read what an app's workloads wrote to a volume claim on the cluster. For each app and volume
/// it keeps a small reader pod (<see cref="VolumeReaderPod"/>: the claim mounted read-only, a shell that sleeps)
/// and copies the claim into a host folder with <c>tar</c> run through <c>pods/exec</c>; a read within
/// <see cref="KubernetesRuntimeOptions.VolumeMirrorTtl"/> of the last copy is served from the folder as it is.
/// Every call goes through the API server. A reader unused for
/// <see cref="KubernetesRuntimeOptions.VolumeReaderIdleTimeout"/> is deleted, and all of an app's readers go
/// with the app (<see cref="DeleteAppAsync"/>).
/// </summary>
public sealed class KubernetesVolumeReader : IAsyncDisposable
{
    private static readonly KubernetesResource Claims = KubernetesResource.AppKinds.Single(r => r.Kind == V1PersistentVolumeClaim.KubeKind);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ClusterClient _client;
    private readonly KubernetesMappingOptions _mapping;
    private readonly KubernetesRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _root;
    private readonly ConcurrentDictionary<(AppRef App, string Volume), Mirror> _mirrors = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _idle;

    /// <summary>Creates the reader over a client; the caller keeps the client (it is not disposed here).</summary>
    /// <param name="kubernetes">The cluster's API client.</param>
    /// <param name="mapping">The namespace prefix and the reader image.</param>
    /// <param name="options">The mirror's folder, freshness, size cap and the reader's idle and start timeouts.</param>
    /// <param name="logger">Receives the readers' starts and deletions.</param>
    /// <param name="time">The clock (tests move it); the system's when null.</param>
    public KubernetesVolumeReader(IKubernetes kubernetes, KubernetesMappingOptions mapping, KubernetesRuntimeOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(mapping.VolumeReaderImage))
        {
            throw new StrataException("Strata:Kubernetes:VolumeReaderImage is empty; name an image with sh, sleep and tar (the default is docker.io/library/busybox:1.36).", "Strata:Kubernetes:VolumeReaderImage");
        }

        if (options.VolumeMirrorMaxBytes <= 0 || options.VolumeMirrorTtl < TimeSpan.Zero || options.VolumeReaderIdleTimeout <= TimeSpan.Zero || options.VolumeReaderStartTimeout <= TimeSpan.Zero)
        {
            throw new StrataException(
                "Invalid volume reader options: VolumeMirrorMaxBytes, VolumeReaderIdleTimeout and VolumeReaderStartTimeout must be positive and VolumeMirrorTtl not negative.",
                "Strata:Kubernetes");
        }

        _client = new ClusterClient(kubernetes);
        _mapping = mapping;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _root = Path.GetFullPath(options.VolumeMirrorRoot ?? Path.Combine(Path.GetTempPath(), "strata-cluster-volumes"));
        _idle = DeleteIdleAsync(_stopping.Token);
    }

    /// <summary>The folder mirrors live under.</summary>
    public string MirrorRoot => _root;

    /// <summary>
    /// The host folder that mirrors <paramref name="volume"/> of <paramref name="app"/>, copied from the cluster
    /// when the last copy is older than the TTL; null when the app has no such claim.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="volume">The volume name (the claim is <c>&lt;app&gt;-&lt;volume&gt;</c>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="StrataException">The reader pod did not start, the copy failed, or the claim holds more than the cap.</exception>
    public async Task<string?> GetFolderAsync(AppRef app, string volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (StrataNames.CheckDnsLabel(app.Vertical) is not null || StrataNames.CheckDnsLabel(app.App) is not null || StrataNames.CheckDnsLabel(volume) is not null)
        {
            return null;
        }

        var mirror = _mirrors.GetOrAdd((app, volume), key => new Mirror(Path.Combine(_root, key.App.Vertical, key.App.App, key.Volume)));
        await mirror.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            mirror.LastUse = now;
            if (mirror.Refreshed is { } refreshed && now - refreshed < _options.VolumeMirrorTtl && Directory.Exists(mirror.Folder))
            {
                return mirror.Folder;
            }

            var @namespace = StrataNames.Namespace(app.Vertical, _mapping.NamespacePrefix);
            if (await _client.GetAsync(Claims, @namespace, VolumeReaderPod.ClaimName(app.App, volume), cancellationToken).ConfigureAwait(false) is not { ValueKind: JsonValueKind.Object })
            {
                return null;
            }

            var pod = await EnsurePodAsync(app, volume, @namespace, cancellationToken).ConfigureAwait(false);
            await CopyAsync(@namespace, pod, mirror.Folder, cancellationToken).ConfigureAwait(false);
            mirror.Refreshed = _time.GetUtcNow();
            return mirror.Folder;
        }
        finally
        {
            mirror.Gate.Release();
        }
    }

    /// <summary>Deletes the app's reader pods and its mirrors; part of deleting the app from the cluster.</summary>
    /// <param name="app">The app.</param>
    /// <param name="cancellationToken">Stops the deletes.</param>
    /// <returns>The names of the deleted pods.</returns>
    public async Task<IReadOnlyList<string>> DeleteAppAsync(AppRef app, CancellationToken cancellationToken)
    {
        var @namespace = StrataNames.Namespace(app.Vertical, _mapping.NamespacePrefix);
        var owner = StrataAnnotations.OwnerOf(app.Vertical, app.App);
        var deleted = new List<string>();
        foreach (var live in await _client.ListAsync(RolloutEvents.Pods, @namespace, VolumeReaderPod.Selector(app.Vertical, app.App), null, cancellationToken).ConfigureAwait(false))
        {
            var pod = KubernetesJson.Deserialize<V1Pod>(live.GetRawText());
            if (pod.Metadata?.Name is { } name && pod.Metadata.Annotations?.TryGetValue(StrataAnnotations.OwnedBy, out var owned) == true && owned == owner)
            {
                await _client.DeleteAsync(RolloutEvents.Pods, @namespace, name, nameof(DeletePropagation.Background), cancellationToken).ConfigureAwait(false);
                deleted.Add(name);
            }
        }

        foreach (var key in _mirrors.Keys.Where(k => k.App == app).ToList())
        {
            _mirrors.TryRemove(key, out _);
        }

        var folder = Path.Combine(_root, app.Vertical, app.App);
        if (StrataNames.CheckDnsLabel(app.Vertical) is null && StrataNames.CheckDnsLabel(app.App) is null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return deleted;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _idle.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _stopping.Dispose();
    }

    private async Task<string> EnsurePodAsync(AppRef app, string volume, string @namespace, CancellationToken cancellationToken)
    {
        var name = VolumeReaderPod.Name(app.App, volume);
        var live = await GetPodAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            var pod = VolumeReaderPod.Build(app.Vertical, app.App, volume, @namespace, _mapping.VolumeReaderImage);
            await _client.ApplyAsync(RolloutEvents.Pods, @namespace, name, KubernetesJson.Serialize(pod), force: true, cancellationToken).ConfigureAwait(false);
            VolumeReaderLog.Started(_logger, app.ToString(), volume, name);
        }

        var deadline = _time.GetUtcNow() + _options.VolumeReaderStartTimeout;
        while (true)
        {
            live = await GetPodAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
            var owner = live?.Metadata?.Annotations?.TryGetValue(StrataAnnotations.OwnedBy, out var owned) == true ? owned : null;
            if (live is not null && owner != StrataAnnotations.OwnerOf(app.Vertical, app.App))
            {
                throw new StrataException($"Pod {@namespace}/{name} exists and is not Strata's reader of app {app} ({StrataAnnotations.OwnedBy} is '{owner}'); delete or rename it.");
            }

            switch (live?.Status?.Phase)
            {
                case "Running" when live.Metadata.DeletionTimestamp is null:
                    return name;
                case "Failed" or "Succeeded":
                    await _client.DeleteAsync(RolloutEvents.Pods, @namespace, name, nameof(DeletePropagation.Background), cancellationToken).ConfigureAwait(false);
                    throw new StrataException($"The reader pod {@namespace}/{name} stopped ({live.Status.Phase}: {Waiting(live)}); it was deleted, the next read starts a new one.");
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new StrataException(
                    $"The reader pod {@namespace}/{name} of the claim {VolumeReaderPod.ClaimName(app.App, volume)} did not start in {_options.VolumeReaderStartTimeout.TotalSeconds:0}s ({Waiting(live)}). " +
                    $"Check that the cluster can pull {_mapping.VolumeReaderImage} (Strata:Kubernetes:VolumeReaderImage) and attach the claim (ReadWriteMany, or the same node as its writers).");
            }

            if (live is null)
            {
                // Deleted meanwhile (idle clean-up of another host, kubectl): start it again.
                var pod = VolumeReaderPod.Build(app.Vertical, app.App, volume, @namespace, _mapping.VolumeReaderImage);
                await _client.ApplyAsync(RolloutEvents.Pods, @namespace, name, KubernetesJson.Serialize(pod), force: true, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CopyAsync(string @namespace, string pod, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var archive = Path.Combine(_root, $".incoming-{Guid.NewGuid():N}.tar");
        try
        {
            var source = $"the claim mounted in pod {@namespace}/{pod}";
            string[] command = ["tar", "cf", "-", "-C", VolumeReaderPod.MountPath, "."];
            var stream = new FileStream(archive, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (stream.ConfigureAwait(false))
            {
                var result = await PodExec.RunAsync(_client.Kubernetes, @namespace, pod, VolumeReaderPod.Container, command, stream, _options.VolumeMirrorMaxBytes + (1 << 20), cancellationToken).ConfigureAwait(false);

                // GNU tar exits 1 when a file changed while it was read (a task writing), busybox tar when one file could
                // not be read: the archive holds the rest and the next copy catches up. A tar that wrote nothing failed
                // whatever its code (busybox exits 1 when it cannot even start), and must not empty the mirror.
                if (stream.Length == 0 || result.ExitCode is not (0 or 1))
                {
                    throw new StrataException($"Copying {source} failed: '{string.Join(' ', command)}' exited with code {result.ExitCode}" +
                        (stream.Length == 0 ? " and wrote no archive" : "") + $": {result.Stderr.Trim()}");
                }

                if (result.ExitCode == 1)
                {
                    VolumeReaderLog.CopyIncomplete(_logger, pod, result.Stderr.Trim());
                }

                stream.Position = 0;
                await TarMirror.SyncAsync(stream, folder, _options.VolumeMirrorMaxBytes, source, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new StrataException($"The archive read from pod {@namespace}/{pod} is not a whole tar archive: {ex.Message}", null, ex);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private async Task<V1Pod?> GetPodAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await _client.GetAsync(RolloutEvents.Pods, @namespace, name, cancellationToken).ConfigureAwait(false) is { ValueKind: JsonValueKind.Object } live
            ? KubernetesJson.Deserialize<V1Pod>(live.GetRawText())
            : null;

    private static string Waiting(V1Pod? pod)
    {
        if (pod is null)
        {
            return "no pod";
        }

        var waiting = pod.Status?.ContainerStatuses?.Select(s => s.State?.Waiting).FirstOrDefault(w => w is not null);
        var terminated = pod.Status?.ContainerStatuses?.Select(s => s.State?.Terminated).FirstOrDefault(t => t is not null);
        return waiting is not null ? $"{waiting.Reason}: {waiting.Message}"
            : terminated is not null ? $"{terminated.Reason} with exit code {terminated.ExitCode}: {terminated.Message}"
            : $"phase {pod.Status?.Phase ?? "unknown"}";
    }

    private async Task DeleteIdleAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, _options.VolumeReaderIdleTimeout.Ticks / 4));
        using var timer = new PeriodicTimer(period, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var ((app, volume), mirror) in _mirrors)
            {
                if (_time.GetUtcNow() - mirror.LastUse < _options.VolumeReaderIdleTimeout || !mirror.Gate.Wait(0, CancellationToken.None))
                {
                    continue;
                }

                try
                {
                    var @namespace = StrataNames.Namespace(app.Vertical, _mapping.NamespacePrefix);
                    var name = VolumeReaderPod.Name(app.App, volume);
                    await _client.DeleteAsync(RolloutEvents.Pods, @namespace, name, nameof(DeletePropagation.Background), cancellationToken).ConfigureAwait(false);
                    _mirrors.TryRemove((app, volume), out _);
                    VolumeReaderLog.DeletedIdle(_logger, app.ToString(), volume, name);
                }
                catch (StrataException ex)
                {
                    VolumeReaderLog.DeleteFailed(_logger, app.ToString(), volume, ex.Message);
                }
                finally
                {
                    mirror.Gate.Release();
                }
            }
        }
    }

    /// <summary>One volume's mirror: its folder, when it was copied and used, one copy at a time.</summary>
    private sealed class Mirror(string folder)
    {
        public string Folder { get; } = folder;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset? Refreshed { get; set; }

        public DateTimeOffset LastUse { get; set; }
    }
}
