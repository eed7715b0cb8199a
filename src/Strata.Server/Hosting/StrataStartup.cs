using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Core.Plugins;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Apps;

namespace Strata.Server.Hosting;

/// <summary>
/// Brings the host up: loads the verticals, marks deployments a killed host left unfinished as
/// failed, and starts again every app's serving revision, so nothing of an app is lost across a restart.
/// </summary>
internal sealed partial class StrataStartup(
    StrataServerOptions options,
    DataLayout layout,
    StateStore state,
    VerticalCatalog verticals,
    AppDeployer deployer,
    ILogger<StrataStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directories = options.PluginDirectories.Count > 0 ? options.PluginDirectories : [layout.DefaultPlugins];
        foreach (var directory in directories)
        {
            verticals.LoadDirectory(directory);
        }

        foreach (var vertical in verticals.All)
        {
            await state.UpsertPluginAsync(new PluginRecord(vertical.Name, vertical.Descriptor?.Version ?? "", vertical.Descriptor?.ContractVersion ?? "", vertical.Directory, vertical.State.ToString(), vertical.Reason, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }

        var interrupted = await state.FailInProgressDeploymentsAsync("the host stopped before the deployment finished", cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        foreach (var app in await state.ListAppsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (app.CurrentRevision is not { } number)
            {
                continue;
            }

            try
            {
                var record = await state.GetRevisionAsync(app.Ref, number, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"revision {number} is not in the state store");
                await deployer.RollOutAsync(app.Ref, AppDeployer.ToAppRevision(record), deployer.RequireVertical(app.Vertical), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One app that cannot start must not keep the host, or the other apps, down.
                LogRestoreFailed(logger, app.Ref.ToString(), number, ex.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(4001, LogLevel.Warning, "Marked {Count} deployments left unfinished by a stopped host as failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(4002, LogLevel.Error, "Could not restart {App} at revision {Revision}: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string app, int revision, string reason);
}
