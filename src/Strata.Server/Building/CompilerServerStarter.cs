using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Core.Building;
using Strata.Server.Apps;
using Strata.Server.Hosting;

namespace Strata.Server.Building;

/// <summary>
/// With <c>Strata:Build:CompilerServer</c> <see cref="CompilerServerStart.OnStart"/>, starts the host's
/// compiler server, and warms it, once the host serves: a first deploy then finds the compiler started,
/// and loaded and compiled to machine code when the warm-up is done. It runs in the background, never
/// delays the host's readiness nor fails the host; when the server cannot start, the first build tries
/// again, as with <see cref="CompilerServerStart.OnFirstBuild"/>.
/// </summary>
/// <remarks>
/// Whatever the setting, it first stops a compiler server that a host killed before it could stop its
/// own left running (<see cref="CompilerServerRecord"/> in the data folder), before this host starts one.
/// </remarks>
internal sealed partial class CompilerServerStarter(
    AppDeployer deployer,
    DataLayout layout,
    IOptions<BuildOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<CompilerServerStarter> logger) : BackgroundService
{
    /// <summary>Stops the compiler server a killed host left running, then starts in the background.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the host serves, so before any build of this host starts its own server.
        if (new CompilerServerRecord(layout.CompilerServerRecord).ReapLeftover() is { } leftover)
        {
            LogReaped(logger, leftover.Id, leftover.Pid);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CompilerServer != CompilerServerStart.OnStart || deployer.CompilerServer is not { } server)
        {
            return;
        }

        // Once the host serves: started with the host, the compiler took cores from the host's own start
        // and made it ready seconds later on a loaded machine (docs/benchmarks.md, "Deploy").
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => serving.TrySetResult()))
        using (stoppingToken.Register(() => serving.TrySetCanceled(stoppingToken)))
        {
            await serving.Task.ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var folder = layout.CompilerWarmUp;
            Directory.CreateDirectory(folder);
            if (!options.Value.WarmCompilerServer)
            {
                await server.EnsureStartedAsync(folder, stoppingToken).ConfigureAwait(false);
                LogStarted(logger, server.Id, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if (await server.WarmUpAsync(folder, stoppingToken).ConfigureAwait(false))
            {
                LogWarmed(logger, server.Id, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                LogNotWarmed(logger, server.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; it shuts the server down.
        }
        catch (Exception ex)
        {
            // Builds go on as without the setting: the first one starts the server, or compiles without it.
            LogFailed(logger, server.Id, ex.Message);
        }
    }

    [LoggerMessage(3101, LogLevel.Information, "Compiler server {Id} started in {Milliseconds} ms")]
    private static partial void LogStarted(ILogger logger, string id, long milliseconds);

    [LoggerMessage(3102, LogLevel.Information, "Compiler server {Id} started and warmed in {Milliseconds} ms")]
    private static partial void LogWarmed(ILogger logger, string id, long milliseconds);

    [LoggerMessage(3103, LogLevel.Warning, "Compiler server {Id} not warmed: no SDK compiler found, or it did not listen; builds start it or compile without it")]
    private static partial void LogNotWarmed(ILogger logger, string id);

    [LoggerMessage(3104, LogLevel.Warning, "Compiler server {Id} did not start or warm with the host: {Reason}; builds go on without the warm-up")]
    private static partial void LogFailed(ILogger logger, string id, string reason);

    [LoggerMessage(3105, LogLevel.Warning, "Compiler server {Id} (process {Pid}) was left running by a host that did not stop it; killed it")]
    private static partial void LogReaped(ILogger logger, string id, int pid);
}
