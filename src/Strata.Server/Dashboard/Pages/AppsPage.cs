using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strata.Core.State;
using Strata.Server.Runtimes;

namespace Strata.Server.Dashboard.Pages;

/// <summary><c>/dashboard/apps[?vertical=]</c>: the apps of the verticals the token can read, grouped by vertical.</summary>
internal static class AppsPage
{
    /// <summary>The apps list.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, string? vertical, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        if (vertical is not null && !DashboardLayout.Allows(context, vertical))
        {
            return DashboardLayout.Forbidden(context, vertical, Core.Auth.TokenScope.Read);
        }

        var ct = context.RequestAborted;
        var apps = (await state.ListAppsAsync(vertical, ct).ConfigureAwait(false))
            .Where(a => DashboardLayout.Allows(context, a.Vertical))
            .OrderBy(a => a.Vertical, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        var views = await AppView.LoadAllAsync(apps, runtimes, logs.CreateLogger(typeof(AppsPage)), ct).ConfigureAwait(false);
        var groups = Html.Join(views.GroupBy(v => v.App.Vertical), group => Html.Of($"""
            <h2>{group.Key}</h2>
            <table class="apps" data-vertical="{group.Key}">
              <thead><tr><th>App</th><th>Serving</th><th>Replicas ready</th><th>Runtime</th><th>Created</th></tr></thead>
              <tbody>{Html.Join(group, Row)}</tbody>
            </table>
            """));
        var title = vertical is null ? "Apps" : $"Apps of {vertical}";
        var empty = Html.If(views.Count == 0, Html.Of($"""<p class="muted" id="no-apps">No apps{(vertical is null ? "" : " in " + vertical)} that this token can read.</p>"""));
        return DashboardLayout.Page(context, title, Html.Of($"<h1>{title}</h1>{empty}{groups}"));
    }

    private static Markup Row(AppView view)
    {
        var app = view.App;
        var serving = app.CurrentRevision is { } r ? Html.Of($"revision {r}") : Html.Of($"""<span class="muted">none</span>""");
        var replicas = view.Problem is { } problem
            ? Html.Of($"""<span class="reason">{problem}</span>""")
            : Html.Of($"{view.Ready} / {view.Desired}");
        return Html.Of($"""
            <tr data-app="{app.Name}"><td><a href="{DashboardPaths.App(app.Vertical, app.Name)}">{app.Name}</a></td><td>{serving}</td><td>{replicas}</td><td>{app.Runtime}</td><td>{DashboardLayout.Time(app.CreatedAt)}</td></tr>
            """);
    }
}
