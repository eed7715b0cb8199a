using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strata.Core.Auth;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Api;
using Strata.Server.Apps;
using Strata.Server.Runtimes;

namespace Strata.Server.Dashboard.Pages;

/// <summary>
/// <c>/dashboard/apps/{vertical}/{app}</c>: the app's revisions with a rollback action, its replicas and
/// their health, its jobs with each completion index, its deployments, and a live log tail.
/// <c>.../live</c> renders the runtime part alone for the page's script to refresh.
/// </summary>
internal static class AppPage
{
    /// <summary>The app page.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, string vertical, string app, int? rolledBack, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        if (!DashboardLayout.Allows(context, vertical))
        {
            return DashboardLayout.Forbidden(context, vertical, TokenScope.Read);
        }

        if (await state.GetAppAsync(new AppRef(vertical, app), context.RequestAborted).ConfigureAwait(false) is not { } record)
        {
            return DashboardLayout.NotFound(context, $"No app '{app}' in vertical '{vertical}'.");
        }

        var notice = rolledBack is { } number
            ? Html.Of($"""<div class="notice ok" role="status" id="notice">Rolled back: revision {number} is serving.</div>""")
            : Markup.Empty;
        return await RenderAsync(context, record, notice, state, runtimes, logs, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>The refreshing part: replicas, jobs, deployments.</summary>
    public static async Task<IResult> LiveAsync(HttpContext context, string vertical, string app, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        if (!DashboardLayout.Allows(context, vertical))
        {
            return DashboardLayout.Forbidden(context, vertical, TokenScope.Read);
        }

        if (await state.GetAppAsync(new AppRef(vertical, app), context.RequestAborted).ConfigureAwait(false) is not { } record)
        {
            return DashboardLayout.NotFound(context, $"No app '{app}' in vertical '{vertical}'.");
        }

        return DashboardLayout.Fragment(context, await LiveMarkupAsync(context, record, state, runtimes, logs).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>POST .../rollback</c> (form: <c>revision</c> and the antiforgery field): rolls the app out at a
    /// recorded revision through <see cref="AppDeployer.RollOutAsync"/>, as <c>POST /api/apps/{app}/rollback</c> does.
    /// Needs <c>deploy</c> on the vertical.
    /// </summary>
    public static async Task<IResult> RollbackAsync(HttpContext context, string vertical, string app, IAntiforgery antiforgery, StateStore state, AppDeployer deployer, AppRuntimes runtimes, ILoggerFactory logs)
    {
        var ct = context.RequestAborted;
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return DashboardLayout.Page(context, "Form expired", Html.Of($"""
                <h1>Form expired</h1><div class="notice error" role="alert">The page was too old to act on; open <a href="{DashboardPaths.App(vertical, app)}">the app</a> again and retry.</div>
                """), StatusCodes.Status400BadRequest);
        }

        if (!DashboardLayout.Allows(context, vertical, TokenScope.Deploy))
        {
            return DashboardLayout.Forbidden(context, vertical, TokenScope.Deploy);
        }

        if (await state.GetAppAsync(new AppRef(vertical, app), ct).ConfigureAwait(false) is not { } record)
        {
            return DashboardLayout.NotFound(context, $"No app '{app}' in vertical '{vertical}'.");
        }

        var form = await context.Request.ReadFormAsync(ct).ConfigureAwait(false);
        if (!int.TryParse(form["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || await state.GetRevisionAsync(record.Ref, number, ct).ConfigureAwait(false) is not { } revision)
        {
            return await RenderAsync(context, record, Error($"revision: must name a recorded revision of {record.Ref}, not '{form["revision"]}'."), state, runtimes, logs, StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }

        try
        {
            await deployer.RollOutAsync(record.Ref, AppDeployer.ToAppRevision(revision), deployer.RequireVertical(record.Vertical), ct).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            var current = await state.GetAppAsync(record.Ref, ct).ConfigureAwait(false) ?? record;
            return await RenderAsync(context, current, Error($"{ex.Title}: {ex.Message}"), state, runtimes, logs, ex.Status).ConfigureAwait(false);
        }

        DashboardLog.RolledBack(logs.CreateLogger(typeof(AppPage)), DashboardAuth.Viewer(context).Name, record.Ref.ToString(), number);
        // Post/redirect/get: reloading the page does not roll out again.
        context.Response.Headers.Location = $"{DashboardPaths.App(vertical, app)}?rolledBack={number}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static Markup Error(string message) => Html.Of($"""<div class="notice error" role="alert" id="notice">{message}</div>""");

    private static async Task<IResult> RenderAsync(HttpContext context, AppRecord record, Markup notice, StateStore state, AppRuntimes runtimes, ILoggerFactory logs, int status)
    {
        var ct = context.RequestAborted;
        var revisions = await state.ListRevisionsAsync(record.Ref, ct).ConfigureAwait(false);
        var canDeploy = DashboardLayout.Allows(context, record.Vertical, TokenScope.Deploy);
        var csrf = DashboardLayout.Field(context);
        var self = DashboardPaths.App(record.Vertical, record.Name);
        var rows = revisions.Count == 0
            ? Html.Of($"""<tr><td colspan="5" class="muted">No revision yet: deploy the app.</td></tr>""")
            : Html.Join(revisions, r => RevisionRow(record, r, canDeploy, csrf, self));
        var live = await LiveMarkupAsync(context, record, state, runtimes, logs).ConfigureAwait(false);
        var url = StrataNames.AppPath(record.Vertical, record.Name) + "/";
        var serving = record.CurrentRevision is { } current ? Html.Of($"revision <strong id=\"serving\">{current}</strong>") : Html.Of($"""<span class="muted" id="serving">no revision</span>""");
        var deployHint = Html.If(!canDeploy, Html.Of($"""<p class="muted">Rolling back needs the scope {record.Vertical}:deploy.</p>"""));
        var body = Html.Of($"""
            <h1>{record.Name} <span class="muted">in {record.Vertical}</span></h1>
            {notice}
            <section class="card">
              Serving {serving} on the {record.Runtime} runtime · <a href="{url}">{url}</a>
            </section>
            <h2>Revisions</h2>
            {deployHint}
            <table id="revisions">
              <thead><tr><th>Revision</th><th>Created</th><th>Source</th><th>Image</th><th></th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <div class="live-status" data-live-status></div>
            <div id="live" data-live="{self}/live" data-interval="2000">{live}</div>
            <h2>Logs <span class="live-status" data-log-status></span></h2>
            <pre class="log" id="log" data-log="{self}/logs"></pre>
            """);
        return DashboardLayout.Page(context, $"{record.Name} ({record.Vertical})", body, status);
    }

    private static Markup RevisionRow(AppRecord app, RevisionRecord revision, bool canDeploy, Markup csrf, string self)
    {
        var isServing = revision.Number == app.CurrentRevision;
        var action = isServing
            ? DashboardLayout.Badge("Serving")
            : canDeploy
                ? Html.Of($"""
                    <form class="inline" method="post" action="{self}/rollback">{csrf}<input type="hidden" name="revision" value="{revision.Number}"><button type="submit" data-rollback="{revision.Number}">Roll back to {revision.Number}</button></form>
                    """)
                : Markup.Empty;
        var hash = revision.SourceHash.Length > 12 ? revision.SourceHash[..12] : revision.SourceHash;
        return Html.Of($"""
            <tr data-revision="{revision.Number}"><td>{revision.Number}</td><td>{DashboardLayout.Time(revision.CreatedAt)}</td><td><code title="{revision.SourceHash}">{hash}</code></td><td>{revision.Image ?? "–"}</td><td>{action}</td></tr>
            """);
    }

    private static async Task<Markup> LiveMarkupAsync(HttpContext context, AppRecord record, StateStore state, AppRuntimes runtimes, ILoggerFactory logs)
    {
        var ct = context.RequestAborted;
        var view = await AppView.LoadAsync(record, runtimes, logs.CreateLogger(typeof(AppPage)), ct).ConfigureAwait(false);
        var deployments = (await state.ListDeploymentsAsync(record.Ref, ct).ConfigureAwait(false)).Take(10).ToList();
        var status = view.Status;
        var problem = Html.If(view.Problem is not null, Html.Of($"""<div class="notice error">The runtime's status could not be read: {view.Problem}</div>"""));
        var services = status is null || status.Services.Count == 0
            ? Html.Of($"""<p class="muted">No service runs.</p>""")
            : Html.Join(status.Services, ServiceTable);
        var jobs = status is null || status.Jobs.Count == 0
            ? Html.Of($"""<p class="muted">No jobs.</p>""")
            : Html.Join(status.Jobs, JobCard);
        var deploymentRows = Html.Join(deployments, d => Html.Of($"""
            <tr data-deployment="{d.Id}"><td>{d.Id}</td><td>{d.Revision}</td><td>{DashboardLayout.Badge(d.State.ToString())}</td><td>{DashboardLayout.Time(d.StartedAt)}</td><td>{DashboardLayout.Time(d.FinishedAt)}</td><td class="{(d.State == DeploymentState.Failed ? "reason" : "muted")}">{d.Message ?? ""}</td></tr>
            """));
        var schedules = status is null || status.Schedules.Count == 0 ? Markup.Empty : Html.Of($"""
            <h2>Schedules</h2>
            <table id="schedules"><thead><tr><th>Schedule</th><th>Cron</th><th>Last fired</th><th>Outcome</th><th>Next</th><th class="num">Firings</th><th class="num">Failures</th></tr></thead>
            <tbody>{Html.Join(status.Schedules, s => Html.Of($"<tr><td>{s.Name}</td><td><code>{s.Schedule}</code></td><td>{DashboardLayout.Time(s.LastFiredAt)}</td><td>{s.LastOutcome ?? "–"}</td><td>{DashboardLayout.Time(s.NextFireAt)}</td><td class=\"num\">{s.Firings}</td><td class=\"num\">{s.Failures}</td></tr>"))}</tbody></table>
            """);
        return Html.Of($"""
            {problem}
            <h2>Replicas</h2>
            <div id="services" data-serving-revision="{status?.Revision}">{services}</div>
            <h2>Jobs</h2>
            <div id="jobs">{jobs}</div>
            {schedules}
            <h2>Deployments</h2>
            <table id="deployments">
              <thead><tr><th>#</th><th>Revision</th><th>State</th><th>Started</th><th>Finished</th><th>Message</th></tr></thead>
              <tbody>{deploymentRows}</tbody>
            </table>
            """);
    }

    private static Markup ServiceTable(ServiceStatus service)
    {
        var notes = Html.Join(service.Notes, n => Html.Of($"""<p class="muted">{n}</p>"""));
        var rows = Html.Join(service.Replicas, r => Html.Of($"""
            <tr data-replica="{r.Id}" data-state="{r.State}"><td><code>{r.Id}</code></td><td>{r.Revision}</td><td>{DashboardLayout.Badge(r.State.ToString())}</td><td class="num" data-restarts>{r.Restarts}</td><td class="num">{r.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td>{r.Endpoint?.ToString() ?? "–"}</td><td>{DashboardLayout.Time(r.StartedAt)}</td><td class="reason">{r.Message ?? ""}</td></tr>
            """));
        return Html.Of($"""
            <section class="card service" data-service="{service.Name}">
              <strong>{service.Name}</strong> · <span data-ready>{service.ReadyReplicas}</span> of <span data-desired>{service.DesiredReplicas}</span> ready
              {notes}
              <table><thead><tr><th>Replica</th><th>Revision</th><th>State</th><th class="num">Restarts</th><th class="num">PID</th><th>Endpoint</th><th>Started</th><th>Message</th></tr></thead>
              <tbody>{rows}</tbody></table>
            </section>
            """);
    }

    private static Markup JobCard(JobStatus job)
    {
        var cells = Html.Join(job.Tasks, t => Html.Of($"""
            <span class="idx-{t.State.ToLowerInvariant()}" data-index="{t.Index}" data-state="{t.State}" title="index {t.Index}: {t.State}, {t.Attempts} attempt(s){(t.ExitCode is { } code ? $", exit {code}" : "")}{(t.Message is { } m ? $": {m}" : "")}">{t.Index}</span>
            """));
        var message = Html.If(job.Message is not null, Html.Of($"""<p class="reason">{job.Message}</p>"""));
        return Html.Of($"""
            <section class="card job" data-job="{job.Name}" data-state="{job.State}">
              <strong>{job.Name}</strong> {DashboardLayout.Badge(job.State)}
              <progress max="{Math.Max(job.Completions, 1)}" value="{job.Succeeded}"></progress>
              <span data-progress>{job.Succeeded} / {job.Completions} succeeded</span> · {job.Active} running · {job.Failed} failed attempt(s)
              {message}
              <div class="indexes">{cells}</div>
            </section>
            """);
    }
}
