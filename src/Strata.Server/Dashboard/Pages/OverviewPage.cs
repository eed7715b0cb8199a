using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strata.Core.Plugins;
using Strata.Core.State;
using Strata.Server.Runtimes;

namespace Strata.Server.Dashboard.Pages;

/// <summary>
/// <c>/dashboard</c>: the verticals (loaded, refused or failed with the reason), how many apps each has that
/// the token can read, and key metrics over those apps. <c>/dashboard/live</c> renders the same part alone
/// for the page's script to refresh.
/// </summary>
internal static class OverviewPage
{
    private static readonly TimeSpan RecentWindow = TimeSpan.FromHours(24);

    /// <summary>The overview page.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, VerticalCatalog catalog, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        var live = await RenderAsync(context, catalog, state, runtimes, logs).ConfigureAwait(false);
        return DashboardLayout.Page(context, "Overview", Html.Of($"""
            <h1>Overview <span class="live-status" data-live-status></span></h1>
            <div id="overview" data-live="{DashboardPaths.Root}/live" data-interval="5000">{live}</div>
            """));
    }

    /// <summary>The refreshing part of the overview.</summary>
    public static async Task<IResult> LiveAsync(HttpContext context, VerticalCatalog catalog, StateStore state, AppRuntimes runtimes, ILoggerFactory logs) =>
        DashboardLayout.Fragment(context, await RenderAsync(context, catalog, state, runtimes, logs).ConfigureAwait(false));

    private static async Task<Markup> RenderAsync(HttpContext context, VerticalCatalog catalog, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        var ct = context.RequestAborted;
        var verticals = catalog.All.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        var apps = (await state.ListAppsAsync(null, ct).ConfigureAwait(false)).Where(a => DashboardLayout.Allows(context, a.Vertical)).ToList();
        var views = await AppView.LoadAllAsync(apps, runtimes, logs.CreateLogger(typeof(OverviewPage)), ct).ConfigureAwait(false);
        var since = DateTimeOffset.UtcNow - RecentWindow;
        var failedDeploys = 0;
        foreach (var app in apps)
        {
            failedDeploys += (await state.ListDeploymentsAsync(app.Ref, ct).ConfigureAwait(false))
                .Count(d => d.State == DeploymentState.Failed && d.StartedAt >= since);
        }

        var jobs = views.SelectMany(v => v.Status?.Jobs ?? []).ToList();
        var metrics = new (string Id, string Label, string Value)[]
        {
            ("verticals", "verticals loaded", $"{verticals.Count(v => v.State == VerticalState.Loaded)} / {verticals.Count}"),
            ("apps", "apps", apps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("serving", "apps serving a revision", views.Count(v => v.App.CurrentRevision is not null).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("replicas", "replicas ready / wanted", $"{views.Sum(v => v.Ready)} / {views.Sum(v => v.Desired)}"),
            ("restarts", "replica restarts", views.Sum(v => v.Restarts).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("jobs", "jobs running", jobs.Count(j => j.State == "Running").ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("failed-deploys", "failed deploys (24 h)", failedDeploys.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        var metricCards = Html.Join(metrics, m => Html.Of($"""
            <div class="metric" data-metric="{m.Id}"><div class="value">{m.Value}</div><div class="label">{m.Label}</div></div>
            """));
        var rows = Html.Join(verticals, v => VerticalRow(context, v, apps.Count(a => a.Vertical == v.Name)));
        var unreachable = views.Where(v => v.Problem is not null).ToList();
        var warning = Html.If(unreachable.Count > 0, Html.Of($"""
            <div class="notice error">The status of {unreachable.Count} app(s) could not be read: {string.Join("; ", unreachable.Select(v => $"{v.App.Ref}: {v.Problem}"))}</div>
            """));
        return Html.Of($"""
            {warning}
            <div class="metrics">{metricCards}</div>
            <h2>Verticals</h2>
            <table id="verticals">
              <thead><tr><th>Vertical</th><th>Version</th><th>State</th><th class="num">Apps</th><th>Reason</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """);
    }

    private static Markup VerticalRow(HttpContext context, LoadedVertical vertical, int apps)
    {
        var readable = DashboardLayout.Allows(context, vertical.Name);
        var name = readable
            ? Html.Of($"""<a href="{DashboardPaths.Apps(vertical.Name)}">{vertical.Name}</a>""")
            : Html.Of($"""{vertical.Name} <span class="muted">(no read access)</span>""");
        var display = vertical.Descriptor?.DisplayName is { } d && d != vertical.Name ? Html.Of($""" <span class="muted">{d}</span>""") : Markup.Empty;
        var count = readable ? Html.Of($"{apps}") : Html.Of($"""<span class="muted">–</span>""");
        return Html.Of($"""
            <tr data-vertical="{vertical.Name}"><td>{name}{display}</td><td>{vertical.Descriptor?.Version ?? "–"}</td><td>{DashboardLayout.Badge(vertical.State.ToString())}</td><td class="num">{count}</td><td class="reason">{vertical.Reason ?? ""}</td></tr>
            """);
    }
}
