using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strata.Hosting.Listening;

/// <summary>
/// The replica's end of <see cref="ServiceListenerProtocol"/>: connects to the runtime at start, takes
/// the service's listening socket when told to listen, gives it up when told to stop, and reports its
/// traffic while its counts change. If the runtime goes away the replica keeps what it has.
/// </summary>
internal sealed partial class ServiceListenerLink(
    ServiceListenerLink.Settings settings,
    SharedListener shared,
    RequestCounter counter,
    ILogger<ServiceListenerLink> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _sending = new();
    private Socket? _connection;
    private Thread? _reader;
    private Timer? _reporter;
    private (int InFlight, long Completed) _reported = (-1, -1);

    /// <summary>Where the runtime listens and this replica's secret.</summary>
    internal sealed record Settings(string Broker, string Token);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            connection.Connect(new UnixDomainSocketEndPoint(settings.Broker));
            connection.Send(Encoding.ASCII.GetBytes($"{ServiceListenerProtocol.Hello} {settings.Token}\n"));
        }
        catch (SocketException ex)
        {
            // Without the runtime the replica still serves on its own port (through the proxy).
            connection.Dispose();
            LogUnreachable(logger, settings.Broker, ex.Message);
            return Task.CompletedTask;
        }

        _connection = connection;
        _reader = new Thread(ReadCommands) { IsBackground = true, Name = "Strata service listener" };
        _reader.Start();
        _reporter = new Timer(_ => Report(), null, ReportInterval, ReportInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        shared.Detach();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reporter?.Dispose();
        _connection?.Dispose();
    }

    private void ReadCommands()
    {
        var connection = _connection!;
        try
        {
            while (true)
            {
                var (command, descriptor) = ServiceListenerProtocol.Receive(connection);
                switch (command)
                {
                    case ServiceListenerProtocol.Listen when descriptor is not null:
                        shared.Attach(new Socket(descriptor));
                        LogListening(logger);
                        break;
                    case ServiceListenerProtocol.Stop:
                        descriptor?.Dispose();
                        shared.Detach();
                        Send(ServiceListenerProtocol.Released + "\n");
                        LogStopped(logger);
                        break;
                    case -1:
                        // The runtime is gone (a host restart): keep serving what this replica has.
                        return;
                    default:
                        descriptor?.Dispose();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Disposed at shutdown, or the runtime went away.
        }
    }

    private void Report()
    {
        var now = (counter.InFlight, counter.Completed);
        if (now == _reported)
        {
            return;
        }

        _reported = now;
        Send(string.Create(CultureInfo.InvariantCulture, $"{ServiceListenerProtocol.Traffic} {now.InFlight} {now.Completed}\n"));
    }

    private void Send(string line)
    {
        try
        {
            lock (_sending)
            {
                _connection?.Send(Encoding.ASCII.GetBytes(line));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The runtime is gone: nobody to tell.
        }
    }

    [LoggerMessage(EventId = 9301, Level = LogLevel.Warning, Message = "The runtime's listener broker at {Broker} cannot be reached ({Reason}); this replica serves its own port only.")]
    private static partial void LogUnreachable(ILogger logger, string broker, string reason);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Debug, Message = "Accepting the service's connections directly.")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Debug, Message = "Stopped accepting the service's connections.")]
    private static partial void LogStopped(ILogger logger);
}
