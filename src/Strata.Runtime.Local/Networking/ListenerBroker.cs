using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Strata.Hosting;

namespace Strata.Runtime.Local.Networking;

/// <summary>
/// The runtime's end of <see cref="ServiceListenerProtocol"/>: a Unix socket in the data folder where
/// replicas that take their service's connections themselves (Strata.Hosting) introduce themselves
/// with their secret. Each replica has a <see cref="ReplicaLink"/>, through which its service lends it
/// the listening socket of its stable address while it is ready and serving.
/// </summary>
internal sealed class ListenerBroker : IAsyncDisposable
{
    // sun_path holds 108 bytes with its terminating zero.
    private const int MaxPathBytes = 107;
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _server;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ReplicaLink> _links = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private ListenerBroker(Socket server, string path, ILogger logger)
    {
        _server = server;
        _logger = logger;
        SocketPath = path;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Where it listens.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// Listens on <paramref name="path"/> (replacing what a previous host left there). Null, with the
    /// reason logged, where it cannot: replicas then get every connection through the load balancer.
    /// </summary>
    public static ListenerBroker? TryStart(string path, ILogger logger)
    {
        if (!OperatingSystem.IsLinux() || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            logger.ListenerSharingOff(OperatingSystem.IsLinux() ? $"the path {path} is longer than a Unix socket's {MaxPathBytes} bytes" : "not Linux");
            return null;
        }

        var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
            server.Bind(new UnixDomainSocketEndPoint(path));
            // Only this user's processes may connect; the secret per replica guards the rest.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            server.Listen(128);
            return new ListenerBroker(server, path, logger);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            server.Dispose();
            logger.ListenerSharingOff(ex.Message);
            return null;
        }
    }

    /// <summary>A link for a new replica: its secret goes into the replica's environment.</summary>
    public ReplicaLink Expect()
    {
        var link = new ReplicaLink(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), this, _logger);
        _links[link.Token] = link;
        return link;
    }

    /// <summary>The environment a replica needs to reach the broker as <paramref name="link"/>.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(ReplicaLink link) => new Dictionary<string, string>
    {
        [ServiceListenerProtocol.BrokerVariable] = SocketPath,
        [ServiceListenerProtocol.TokenVariable] = link.Token,
    };

    /// <summary>Forgets a replica that is gone.</summary>
    public void Forget(ReplicaLink link) => _links.TryRemove(link.Token, out _);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _server.Dispose();
        await _accepting.ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            link.Dispose();
        }

        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
            // Replaced by the next host, whatever it is now.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _server.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = GreetAsync(connection);
        }
    }

    // Reads "HELLO <token>\n" (bounded in size and time) and hands the connection to the link it names.
    private async Task GreetAsync(Socket connection)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(HelloTimeout);
            var buffer = new byte[128];
            var length = 0;
            while (Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                if (length == buffer.Length)
                {
                    throw new InvalidDataException("no line end in the greeting");
                }

                // One byte at a time: what follows the greeting is the link's to read.
                var read = await connection.ReceiveAsync(buffer.AsMemory(length, 1), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new InvalidDataException("closed before its greeting");
                }

                length += read;
            }

            var words = Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\n').Split(' ');
            if (words is [ServiceListenerProtocol.Hello, var token] && _links.TryGetValue(token, out var link))
            {
                link.Attach(connection);
                return;
            }

            throw new InvalidDataException("an unknown greeting");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            _logger.ListenerGreetingRefused(ex.Message);
            connection.Dispose();
        }
    }
}
