using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Runtime.Kubernetes.Cluster;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// An app's log lines from its pods' containers (the kubelet's log endpoint, with timestamps), oldest first.
/// Kubernetes keeps one stream per container, so every line reads as <c>stdout</c>.
/// </summary>
internal static class PodLogs
{
    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        ClusterClient client, string @namespace, string appSelector, LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var selector = query.Workload is null ? appSelector : $"{appSelector},{StrataLabels.Component}={StrataLabels.ToLabelValue(query.Workload)}";
        var pods = (await client.ListAsync(RolloutEvents.Pods, @namespace, selector, null, cancellationToken).ConfigureAwait(false))
            .Select(p => KubernetesJson.Deserialize<V1Pod>(p.GetRawText()))
            .Where(p => p.Metadata?.Name is not null)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        if (!query.Follow)
        {
            var lines = new List<LogEntry>();
            foreach (var pod in pods)
            {
                lines.AddRange(await ReadPodAsync(client, @namespace, pod, query, cancellationToken).ConfigureAwait(false));
            }

            foreach (var line in lines.OrderBy(l => l.Timestamp).TakeLast(query.Tail))
            {
                yield return line;
            }

            yield break;
        }

        // Following: one reader per pod, lines as they come. Pods that start later are not picked up;
        // follow again to see them (kubectl logs -f does the same).
        var channel = Channel.CreateUnbounded<LogEntry>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = pods.Select(pod => Task.Run(async () =>
        {
            try
            {
                await FollowPodAsync(client, @namespace, pod, query, channel.Writer, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or Core.StrataException)
            {
                // A pod that went away or a stream the cancellation closed ends that pod's lines only.
            }
        }, stop.Token)).ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<LogEntry>> ReadPodAsync(ClusterClient client, string @namespace, V1Pod pod, LogQuery query, CancellationToken cancellationToken)
    {
        using var stream = await OpenAsync(client, @namespace, pod, query, follow: false, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return [];
        }

        using var reader = new StreamReader(stream);
        var lines = new List<LogEntry>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines.Add(Parse(pod.Metadata.Name, line));
        }

        return lines;
    }

    private static async Task FollowPodAsync(ClusterClient client, string @namespace, V1Pod pod, LogQuery query, ChannelWriter<LogEntry> writer, CancellationToken cancellationToken)
    {
        using var stream = await OpenAsync(client, @namespace, pod, query, follow: true, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return;
        }

        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            await writer.WriteAsync(Parse(pod.Metadata.Name, line), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pod's log stream; null when the pod is gone or its container has not started (nothing to read yet).</summary>
    private static async Task<Stream?> OpenAsync(ClusterClient client, string @namespace, V1Pod pod, LogQuery query, bool follow, CancellationToken cancellationToken)
    {
        // A pod of one container needs no name; with sidecars, the app's container is named after its workload.
        var containers = pod.Spec?.Containers;
        var container = containers is { Count: > 1 } ? (containers.FirstOrDefault(c => c.Name == ClusterStatus.Component(pod.Metadata)) ?? containers[0]).Name : null;
        try
        {
            return await client.Kubernetes.CoreV1.ReadNamespacedPodLogAsync(
                pod.Metadata.Name, @namespace, container: container, follow: follow, tailLines: query.Tail, timestamps: true,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response?.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
        catch (HttpOperationException error)
        {
            throw ApiErrors.From(error, "get", RolloutEvents.Pods, @namespace, pod.Metadata.Name + "/log");
        }
    }

    /// <summary>A line as the kubelet writes it with timestamps: <c>2024-05-01T10:00:00.123456789Z text</c>.</summary>
    internal static LogEntry Parse(string pod, string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && DateTimeOffset.TryParse(Trim(line[..space]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return new LogEntry(at, pod, "stdout", line[(space + 1)..]);
        }

        return new LogEntry(DateTimeOffset.UtcNow, pod, "stdout", line);
    }

    // RFC 3339 with nanoseconds has more fraction digits than DateTimeOffset parses; seven are enough.
    private static string Trim(string stamp)
    {
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        var end = stamp.Length - 1;
        return dot > 0 && stamp[end] == 'Z' && end - dot > 8 ? stamp[..(dot + 8)] + "Z" : stamp;
    }
}
