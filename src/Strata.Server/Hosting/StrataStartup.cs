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
    Auth.BootstrapAdminToken bootstrap,
    Core.Discovery.IGatewayAddress gatewayAddress,
    ILogger<StrataStartup> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _deferred = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first start makes the first admin token and shows it this once; the store keeps only its hash.
        if ((await state.ListTokensAsync(cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            var (_, text) = await state.CreateTokenAsync(Auth.BootstrapAdminToken.Name, [Core.Auth.TokenScope.Admin], null, cancellationToken).ConfigureAwait(false);
            bootstrap.Text = text;
            if (options.LogAdminToken)
            {
                LogBootstrapToken(logger, Auth.BootstrapAdminToken.Name, text);
            }
        }

        // Packages installed with 'strata plugin add' live in <data>/plugins, loaded besides any configured folders.
        var directories = options.PluginDirectories.Append(layout.DefaultPlugins).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            verticals.LoadDirectory(directory);
        }

        // A plugin is recorded by its folder's name (the package id); what an install recorded (hash, source) is kept.
        var recorded = (await state.ListPluginsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var vertical in verticals.All)
        {
            var name = Path.GetFileName(vertical.Directory);
            var previous = recorded.GetValueOrDefault(name);
            await state.UpsertPluginAsync(
                new PluginRecord(name, vertical.Descriptor?.Version ?? previous?.Version ?? "", vertical.Descriptor?.ContractVersion ?? "", vertical.Directory, vertical.State.ToString(), vertical.Reason, DateTimeOffset.UtcNow)
                {
                    PackageHash = previous?.PackageHash,
                    Source = previous?.Source,
                },
                cancellationToken).ConfigureAwait(false);
        }

        var interrupted = await state.FailInProgressDeploymentsAsync("the host stopped before the deployment finished", cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        var deferred = new List<(AppRef App, int Number)>();
        foreach (var app in await state.ListAppsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (app.CurrentRevision is not { } number)
            {
                continue;
            }

            if (!Runtimes.AppRuntimes.IsLocal(app))
            {
                // The cluster kept running it while the host was down; there is nothing to start here.
                LogRunsElsewhere(logger, app.Ref.ToString(), number, app.Runtime);
                continue;
            }

            await RestoreAsync(app.Ref, number, deferred, cancellationToken).ConfigureAwait(false);
        }

        if (deferred.Count > 0)
        {
            _deferred = Task.Run(() => RestoreDeferredAsync(deferred, _stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _deferred.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RestoreAsync(AppRef app, int number, List<(AppRef App, int Number)>? deferred, CancellationToken cancellationToken)
    {
        try
        {
            var record = await state.GetRevisionAsync(app, number, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"revision {number} is not in the state store");
            var revision = AppDeployer.ToAppRevision(record);
            // An app that uses others is given the gateway's address, which a host on port 0 learns only once it
            // listens, after this start: such apps start then, in the background (the host cannot listen before).
            if (deferred is not null && revision.Manifest.Caas.Uses.Count > 0 && gatewayAddress.Known is null)
            {
                deferred.Add((app, number));
                return;
            }

            await deployer.RollOutAsync(app, revision, deployer.RequireVertical(app.Vertical), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One app that cannot start must not keep the host, or the other apps, down.
            LogRestoreFailed(logger, app.ToString(), number, ex.Message);
        }
    }

    private async Task RestoreDeferredAsync(List<(AppRef App, int Number)> deferred, CancellationToken stopping)
    {
        try
        {
            await gatewayAddress.GetAsync(stopping).ConfigureAwait(false);
            foreach (var (app, number) in deferred)
            {
                await RestoreAsync(app, number, null, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host stops before it listened.
        }
    }

    [LoggerMessage(4004, LogLevel.Warning, "Created the first admin token '{Name}'; it is shown only now, keep it: {Token}")]
    private static partial void LogBootstrapToken(ILogger logger, string name, string token);

    [LoggerMessage(4001, LogLevel.Warning, "Marked {Count} deployments left unfinished by a stopped host as failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(4003, LogLevel.Information, "{App} serves revision {Revision} on the {Runtime} runtime; the host does not start it")]
    private static partial void LogRunsElsewhere(ILogger logger, string app, int revision, string runtime);

    [LoggerMessage(4002, LogLevel.Error, "Could not restart {App} at revision {Revision}: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string app, int revision, string reason);
}
