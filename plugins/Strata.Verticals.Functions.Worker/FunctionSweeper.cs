using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Verticals.Functions.Worker.Loading;

namespace Strata.Verticals.Functions.Worker;

/// <summary>Scale to zero inside the worker: every tick unloads functions idle for <see cref="FunctionWorkerOptions.IdleTimeout"/>.</summary>
internal sealed class FunctionSweeper(FunctionPool pool, IOptions<FunctionWorkerOptions> options, ILogger<FunctionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = options.Value.IdleTimeout;
        // A quarter of the idle time, within [50 ms, 5 s]: an idle function goes at most 25% late.
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(idle.TotalMilliseconds / 4, 50, 5000));
        using var timer = new PeriodicTimer(tick);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                pool.Sweep(idle, options.Value.CollectAfterUnload);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                WorkerLog.SweepFailed(logger, ex);
            }
        }
    }
}
