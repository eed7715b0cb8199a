using System.Net.Sockets;
using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>
/// One readiness (or liveness) check of a replica: an HTTP GET answered 2xx/3xx when the service has a
/// probe, otherwise a TCP connect to its port.
/// </summary>
internal sealed class ReadinessProbe(HttpProbe? probe, HttpClient client)
{
    private static readonly TimeSpan TcpTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The service's probe, when it has one.</summary>
    public HttpProbe? Http => probe;

    /// <summary>
    /// Checks the replica listening on <paramref name="host"/>:<paramref name="port"/>: null when it
    /// passes, otherwise what the probe saw (for status and failure messages).
    /// </summary>
    public async Task<string?> CheckAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe is null ? TcpTimeout : TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds)));
        var what = probe is null ? $"TCP connect to port {port}" : $"GET {Path(probe)}";
        try
        {
            if (probe is null)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                return null;
            }

            using var response = await client.GetAsync(new Uri($"http://{host}:{port}{Path(probe)}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode is >= 200 and < 400 ? null : $"{what} answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{what} timed out";
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException or IOException)
        {
            return $"{what} failed: {ex.Message}";
        }
    }

    private static string Path(HttpProbe probe) => probe.Path.StartsWith('/') ? probe.Path : "/" + probe.Path;
}
