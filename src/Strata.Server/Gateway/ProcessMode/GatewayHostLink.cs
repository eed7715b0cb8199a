using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Server.Gateway.FastPath;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// In the gateway process: its two conversations with the host's internal API. The route table
/// arrives as a stream of snapshots (one JSON line per publish; on a broken stream the last table keeps
/// serving and the stream is opened again with back-off) and each table taken into use is confirmed
/// (the host stops a replica a table dropped only then); the in-flight counts go back several times a second. Every connection to the host starts with the PROXY line <c>UNKNOWN</c>, as the
/// host's internal listener expects of every connection.
/// </summary>
internal sealed partial class GatewayHostLink : BackgroundService, IGatewayTableSource
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinBackOff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http;
    private readonly GatewayInFlightCounters _counters;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstTable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GatewayTable _table = GatewayTable.Empty;

    /// <summary>Talks to the host at <paramref name="host"/>, presenting <paramref name="token"/>.</summary>
    public GatewayHostLink(Uri host, string token, GatewayInFlightCounters counters, ILogger<GatewayHostLink> logger)
    {
        _counters = counters;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ActivityHeadersPropagator = null,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    var stream = new NetworkStream(socket, ownsSocket: true);
                    await stream.WriteAsync(ProxyProtocolLine.Unknown.ToArray(), cancellationToken).ConfigureAwait(false);
                    return stream;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = host, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add(GatewayInternalApi.TokenHeader, token);
    }

    /// <inheritdoc />
    public GatewayTable Table => Volatile.Read(ref _table);

    /// <summary>Completes when the first table has arrived.</summary>
    public Task FirstTable => _firstTable.Task;

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => ReadTableAsync(stoppingToken), CancellationToken.None), Task.Run(() => ReportAsync(stoppingToken), CancellationToken.None));

    private async Task ReadTableAsync(CancellationToken stopping)
    {
        var backOff = MinBackOff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync(GatewayInternalApi.TablePath, HttpCompletionOption.ResponseHeadersRead, stopping).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"the host answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stopping).ConfigureAwait(false)}");
                }

                var stream = response.Headers.TryGetValues(GatewayInternalApi.StreamHeader, out var ids) && long.TryParse(ids.FirstOrDefault(), out var id) ? id : 0;
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stopping).ConfigureAwait(false));
                while (await reader.ReadLineAsync(stopping).ConfigureAwait(false) is { } line)
                {
                    var snapshot = JsonSerializer.Deserialize<GatewayTableSnapshot>(line, GatewayInternalApi.Json)
                        ?? throw new JsonException("the host sent 'null' for a table");
                    Volatile.Write(ref _table, GatewayTable.Build(snapshot, Table));
                    _firstTable.TrySetResult();
                    backOff = MinBackOff;
                    await ConfirmAsync(stream, snapshot.Version, stopping).ConfigureAwait(false);
                }

                Log.TableStreamEnded(_logger);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or ArgumentException or SocketException)
            {
                Log.TableStreamFailed(_logger, ex.Message, backOff);
            }

            try
            {
                await Task.Delay(backOff, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
        }
    }

    // Tells the host the table is in use: it waits for this before it stops a replica the table dropped.
    private async Task ConfirmAsync(long stream, long version, CancellationToken stopping)
    {
        if (stream <= 0 || version <= 0)
        {
            return;
        }

        try
        {
            using var response = await _http.PostAsJsonAsync(GatewayInternalApi.AppliedPath, new GatewayInternalApi.AppliedTable(stream, version), GatewayInternalApi.Json, stopping).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.ConfirmRefused(_logger, version, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
        {
            // The host waits for a confirmation only so long; the next table brings another.
            Log.ConfirmFailed(_logger, version, ex.Message);
        }
    }

    private async Task ReportAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ReportInterval);
        var lastSent = DateTime.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (_counters.NextReport(force: DateTime.UtcNow - lastSent >= Heartbeat) is not { } report)
                {
                    continue;
                }

                try
                {
                    using var response = await _http.PostAsJsonAsync(GatewayInternalApi.InFlightPath, report, GatewayInternalApi.Json, stopping).ConfigureAwait(false);
                    lastSent = DateTime.UtcNow;
                    if (!response.IsSuccessStatusCode)
                    {
                        Log.ReportRefused(_logger, (int)response.StatusCode);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
                {
                    // The host is restarting or stopping; the next report carries the counts of the moment.
                    Log.ReportFailed(_logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5231, LogLevel.Warning, "The host ended the route table stream; opening it again")]
        public static partial void TableStreamEnded(ILogger logger);

        [LoggerMessage(5232, LogLevel.Warning, "Reading the route table from the host failed ({Reason}); the last table keeps serving, trying again in {Delay}")]
        public static partial void TableStreamFailed(ILogger logger, string reason, TimeSpan delay);

        [LoggerMessage(5233, LogLevel.Warning, "The host refused an in-flight report: {Status}")]
        public static partial void ReportRefused(ILogger logger, int status);

        [LoggerMessage(5234, LogLevel.Debug, "An in-flight report did not reach the host: {Reason}")]
        public static partial void ReportFailed(ILogger logger, string reason);

        [LoggerMessage(5235, LogLevel.Warning, "The host refused the confirmation of route table {Version}: {Status}")]
        public static partial void ConfirmRefused(ILogger logger, long version, int status);

        [LoggerMessage(5236, LogLevel.Debug, "The confirmation of route table {Version} did not reach the host: {Reason}")]
        public static partial void ConfirmFailed(ILogger logger, long version, string reason);
    }
}
