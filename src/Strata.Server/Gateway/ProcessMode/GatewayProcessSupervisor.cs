using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// Runs the gateway process in mode <see cref="GatewayMode.Process"/>: starts it once the host's
/// internal listener is bound, restarts it with back-off whenever it exits, stops it with the host.
/// The host never goes down with it: a gateway that dies or cannot start is logged and started again.
/// The gateway exits by itself when the host goes away (its standard input, a pipe from the host, ends).
/// </summary>
internal sealed partial class GatewayProcessSupervisor(
    IServer server,
    IOptions<GatewayOptions> options,
    StrataServerOptions host,
    GatewayInFlightLedger ledger,
    ILogger<GatewayProcessSupervisor> logger) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The line the gateway process writes on its standard output once it serves: the prefix, then its address.</summary>
    public const string ReadyLine = "strata-gateway listening on ";

    private static readonly TimeSpan FirstStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinBackOff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private Task? _loop;
    private string? _publicUrl;
    private int _starts;
    private int _stopped;

    /// <summary>The token the gateway process presents to the host's internal API.</summary>
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The public address the gateway process serves (its port is kept across restarts); null before it first served.</summary>
    public Uri? PublicAddress { get; private set; }

    /// <summary>The public address, once the gateway process first served (a port-0 address names the port it got).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<Uri> ServingAsync(CancellationToken cancellationToken)
    {
        await _firstReady.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return PublicAddress!;
    }

    /// <summary>The running gateway process's id; null between runs.</summary>
    public int? ProcessId => Volatile.Read(ref _process) is { } process ? SafeId(process) : null;

    /// <summary>How many times the gateway process has been started.</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Kestrel has bound the internal listener: start the gateway and wait (bounded) until it serves.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode != GatewayMode.Process)
        {
            return;
        }

        var internalUrl = new Uri(server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        _publicUrl = host.Url;
        _loop = Task.Run(() => SuperviseAsync(internalUrl, _stopping.Token), CancellationToken.None);
        try
        {
            await _firstReady.Task.WaitAsync(FirstStartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The host serves its internal listener regardless; the loop keeps trying.
            Log.NotReady(logger, FirstStartTimeout);
        }
    }

    /// <summary>Stops the gateway process before the host stops serving.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Disposed twice: as a singleton and as the hosted service resolved from it.
        await StoppingAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SuperviseAsync(Uri internalUrl, CancellationToken stopping)
    {
        var backOff = MinBackOff;
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            try
            {
                await RunOnceAsync(internalUrl, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Log.StartFailed(logger, ex.Message);
            }
            finally
            {
                ledger.Reset();
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            backOff = started.Elapsed >= StableRun ? MinBackOff : backOff;
            Log.Restarting(logger, backOff);
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

    // One run of the gateway process, from start to exit (or to the host stopping it).
    private async Task RunOnceAsync(Uri internalUrl, CancellationToken stopping)
    {
        var start = GatewayProcessCommand.StartInfo(options.Value, _publicUrl!, internalUrl, Token);
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Log.Output(logger, e.Data);
            }
        };
        process.Start();
        Interlocked.Increment(ref _starts);
        Volatile.Write(ref _process, process);
        Log.Started(logger, process.Id, _publicUrl!);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(stopping).ConfigureAwait(false);
            Log.Exited(logger, process.Id, process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _process, null);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null || !line.StartsWith(ReadyLine, StringComparison.Ordinal))
        {
            return;
        }

        // Port 0 picks a port at the first start; restarts keep it, so clients and the CLI keep one address.
        var address = new Uri(line[ReadyLine.Length..].Trim());
        PublicAddress = address;
        _publicUrl = address.GetLeftPart(UriPartial.Authority);
        _firstReady.TrySetResult();
    }

    // Ending its standard input asks the gateway to stop (as the host going away does); after a while, it is killed.
    private async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static int? SafeId(Process process)
    {
        try
        {
            return process.HasExited ? null : process.Id;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5211, LogLevel.Information, "Gateway process {ProcessId} started for {Url}")]
        public static partial void Started(ILogger logger, int processId, string url);

        [LoggerMessage(5212, LogLevel.Warning, "Gateway process {ProcessId} exited with code {ExitCode}")]
        public static partial void Exited(ILogger logger, int processId, int exitCode);

        [LoggerMessage(5213, LogLevel.Warning, "Starting the gateway process again in {Delay}")]
        public static partial void Restarting(ILogger logger, TimeSpan delay);

        [LoggerMessage(5214, LogLevel.Error, "The gateway process could not be started: {Reason}")]
        public static partial void StartFailed(ILogger logger, string reason);

        [LoggerMessage(5215, LogLevel.Error, "The gateway process did not serve within {Timeout}; the host keeps starting it")]
        public static partial void NotReady(ILogger logger, TimeSpan timeout);

        [LoggerMessage(5216, LogLevel.Warning, "gateway: {Line}")]
        public static partial void Output(ILogger logger, string line);
    }
}
