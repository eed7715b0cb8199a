using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Strata.Hosting;

namespace Strata.Runtime.Local.Networking;

/// <summary>
/// One replica's connection to the <see cref="ListenerBroker"/>, across its process restarts. Its
/// service says whether the replica should accept from the stable address's socket
/// (<see cref="Want"/>); the link tells the replica when it is connected, and reports whether the
/// replica holds the socket (<see cref="Accepting"/>) and has let it go (<see cref="WaitReleasedAsync"/>).
/// Traffic the replica reports goes to <see cref="Traffic"/>.
/// </summary>
internal sealed class ReplicaLink : IDisposable
{
    private readonly ListenerBroker _broker;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Socket? _connection;
    private Socket? _wanted;
    private bool _granted;
    private TaskCompletionSource? _release;
    private int _inFlight;
    private long _completed;
    private bool _disposed;

    public ReplicaLink(string token, ListenerBroker broker, ILogger logger)
    {
        Token = token;
        _broker = broker;
        _logger = logger;
    }

    /// <summary>The replica's secret.</summary>
    public string Token { get; }

    /// <summary>Where reported traffic goes (its service).</summary>
    public IConnectionTraffic? Traffic { get; set; }

    /// <summary>Called when the replica connects or goes away.</summary>
    public Action? Changed { get; set; }

    /// <summary>Whether the replica has been given the socket (on its current connection).</summary>
    public bool Accepting
    {
        get
        {
            lock (_gate)
            {
                return _granted;
            }
        }
    }

    /// <summary>
    /// Lends the replica <paramref name="listener"/> (null: takes it back). Told at once when connected,
    /// else as soon as it connects.
    /// </summary>
    public void Want(Socket? listener)
    {
        lock (_gate)
        {
            _wanted = listener;
            if (_connection is { } connection)
            {
                SyncLocked(connection);
            }
        }
    }

    /// <summary>Completes once the replica has closed its copy of the socket (or is gone).</summary>
    public Task WaitReleasedAsync()
    {
        lock (_gate)
        {
            return _release?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>The replica connected (again, after a restart): from now on this connection is its.</summary>
    public void Attach(Socket connection)
    {
        Socket? previous;
        lock (_gate)
        {
            if (_disposed)
            {
                connection.Dispose();
                return;
            }

            previous = _connection;
            _connection = connection;
            _granted = false;
            ReleasedLocked();
            ForgetTrafficLocked();
            SyncLocked(connection);
        }

        previous?.Dispose();
        _ = ReadAsync(connection);
        Changed?.Invoke();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Socket? connection;
        lock (_gate)
        {
            _disposed = true;
            connection = _connection;
            _connection = null;
            _granted = false;
            _wanted = null;
            ReleasedLocked();
        }

        _broker.Forget(this);
        connection?.Dispose();
    }

    // Brings the replica in line with what is wanted: Listen with the socket, or Stop.
    private void SyncLocked(Socket connection)
    {
        try
        {
            if (_wanted is { } listener && !_granted)
            {
                ServiceListenerProtocol.SendWithDescriptor(connection, ServiceListenerProtocol.Listen, listener.SafeHandle);
                _granted = true;
            }
            else if (_wanted is null && _granted)
            {
                _release ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _granted = false;
                connection.Send([ServiceListenerProtocol.Stop]);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The replica is going away; its reader ends the link's connection.
            _logger.ListenerLinkBroken(ex.Message);
        }
    }

    // What the previous process reported in flight ended with it.
    private void ForgetTrafficLocked()
    {
        if (_inFlight != 0)
        {
            Traffic?.Reported(-_inFlight, active: true);
        }

        _inFlight = 0;
        _completed = 0;
    }

    private void ReleasedLocked()
    {
        _release?.TrySetResult();
        _release = null;
    }

    private async Task ReadAsync(Socket connection)
    {
        var buffer = new byte[256];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        // A line is a few numbers: one that runs on is not from a Strata replica.
                        if (line.Length > 64)
                        {
                            return;
                        }

                        line.Append((char)buffer[i]);
                        continue;
                    }

                    Handle(connection, line.ToString());
                    line.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Gone.
        }
        finally
        {
            Detach(connection);
        }
    }

    private void Handle(Socket connection, string line)
    {
        var words = line.Split(' ');
        if (words is [ServiceListenerProtocol.Released])
        {
            lock (_gate)
            {
                if (_connection == connection && !_granted)
                {
                    ReleasedLocked();
                }
            }
        }
        else if (words is [ServiceListenerProtocol.Traffic, var inFlightText, var completedText]
            && int.TryParse(inFlightText, NumberStyles.None, CultureInfo.InvariantCulture, out var inFlight)
            && long.TryParse(completedText, NumberStyles.None, CultureInfo.InvariantCulture, out var completed))
        {
            lock (_gate)
            {
                if (_connection == connection)
                {
                    var delta = inFlight - _inFlight;
                    var active = completed != _completed;
                    _inFlight = inFlight;
                    _completed = completed;
                    Traffic?.Reported(delta, active);
                }
            }
        }
    }

    private void Detach(Socket connection)
    {
        lock (_gate)
        {
            if (_connection != connection)
            {
                connection.Dispose();
                return;
            }

            _connection = null;
            _granted = false;
            ReleasedLocked();
            ForgetTrafficLocked();
        }

        connection.Dispose();
        Changed?.Invoke();
    }
}
