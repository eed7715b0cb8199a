using System.Net.Sockets;
using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>
/// One readiness check of a replica: an HTTP GET answered 2xx/3xx when the service has a readiness
/// probe, otherwise a TCP connect to its port.
/// </summary>
internal sealed class ReadinessProbe(HttpProbe? probe, HttpClient client)
{
    private static readonly TimeSpan TcpTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The service's probe, when it has one.</summary>
    public HttpProbe? Http => probe;

    /// <summary>Whether the replica listening on <paramref name="host"/>:<paramref name="port"/> passes.</summary>
    public async Task<bool> CheckAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe is null ? TcpTimeout : TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds)));
        try
        {
            if (probe is null)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                return true;
            }

            var path = probe.Path.StartsWith('/') ? probe.Path : "/" + probe.Path;
            using var response = await client.GetAsync(new Uri($"http://{host}:{port}{path}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException or OperationCanceledException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }
}
