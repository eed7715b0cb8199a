using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Runtimes;

namespace Strata.Server.Dashboard;

/// <summary>An app with what its runtime says runs for it now, or why that could not be read.</summary>
/// <param name="App">The app as the state store records it.</param>
/// <param name="Status">The runtime's status (as <c>GET /api/apps/{app}/status</c> returns it), when it was read.</param>
/// <param name="Problem">Why the status could not be read (a cluster that is away), when it was not.</param>
internal sealed record AppView(AppRecord App, AppRuntimeStatus? Status, string? Problem)
{
    /// <summary>How long one app's status may take before the page is shown without it.</summary>
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Replicas ready, over all services.</summary>
    public int Ready => Status?.Services.Sum(s => s.ReadyReplicas) ?? 0;

    /// <summary>Replicas wanted, over all services.</summary>
    public int Desired => Status?.Services.Sum(s => s.DesiredReplicas) ?? 0;

    /// <summary>Restarts of the replicas running now.</summary>
    public int Restarts => Status?.Services.Sum(s => s.Replicas.Sum(r => r.Restarts)) ?? 0;

    /// <summary>Reads the status of <paramref name="app"/> from its runtime; a runtime that fails or is slow makes a view without status.</summary>
    public static async Task<AppView> LoadAsync(AppRecord app, AppRuntimes runtimes, ILogger logger, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StatusTimeout);
        try
        {
            return new AppView(app, await runtimes.For(app).GetStatusAsync(app.Ref, timeout.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? $"the {app.Runtime} runtime did not answer within {StatusTimeout.TotalSeconds:0} s" : ex.Message;
            DashboardLog.StatusUnavailable(logger, app.Ref.ToString(), reason);
            return new AppView(app, null, reason);
        }
    }

    /// <summary>Reads the views of many apps at once.</summary>
    public static async Task<IReadOnlyList<AppView>> LoadAllAsync(IEnumerable<AppRecord> apps, AppRuntimes runtimes, ILogger logger, CancellationToken ct) =>
        await Task.WhenAll(apps.Select(a => LoadAsync(a, runtimes, logger, ct))).ConfigureAwait(false);
}
