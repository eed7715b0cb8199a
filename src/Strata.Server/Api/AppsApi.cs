using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Apps;
using Strata.Server.Auth;
using Strata.Core.Auth;
using Strata.Server.Gateway;
using Strata.Server.Hosting;
using Strata.Server.Runtimes;
using Strata.Validation;

namespace Strata.Server.Api;

/// <summary>
/// <c>/api/apps</c>: create, list, get, delete, deploy, status, logs, revisions, rollback.
/// App names are unique within a vertical; where two verticals share a name, <c>?vertical=</c> picks one.
/// </summary>
internal static class AppsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/apps").WithTags("apps");
        group.MapGet("/", ListAsync).WithSummary("Lists the apps of the verticals the token may read, optionally of one vertical.");
        group.MapPost("/", CreateAsync).RequireScope(TokenScope.Deploy, ScopeTarget.AnyVertical).WithSummary("Creates an app before its first deploy.");
        group.MapGet("/{app}", GetAsync).RequireScope(TokenScope.Read, ScopeTarget.App).WithSummary("Gets an app.");
        group.MapDelete("/{app}", DeleteAsync).RequireScope(TokenScope.Delete, ScopeTarget.App).WithSummary("Stops an app and deletes it with its revisions.");
        group.MapPost("/{app}/deploy", DeployAsync)
            .RequireScope(TokenScope.Deploy, ScopeTarget.AnyVertical)
            .WithSummary("Builds and rolls out a new revision from a folder on the host (JSON {\"path\"}), an uploaded tar.gz (application/gzip), or the serving revision's sources with spec keys replaced (JSON {\"spec\"}).");
        group.MapGet("/{app}/status", StatusAsync).RequireScope(TokenScope.Read, ScopeTarget.App).WithSummary("What runs for the app now, and its deployments.");
        group.MapGet("/{app}/logs", LogsAsync).RequireScope(TokenScope.Read, ScopeTarget.App).WithSummary("The app's log lines as text; ?follow=true streams new ones.");
        group.MapGet("/{app}/revisions", RevisionsAsync).RequireScope(TokenScope.Read, ScopeTarget.App).WithSummary("The app's revisions, newest first.");
        group.MapPost("/{app}/rollback", RollbackAsync).RequireScope(TokenScope.Deploy, ScopeTarget.App).WithSummary("Rolls the app back (or forward) to a recorded revision.");
    }

    private static async Task<IResult> ListAsync(string? vertical, HttpContext context, StateStore state, CancellationToken ct)
    {
        if (vertical is not null)
        {
            context.RequireScope(vertical, TokenScope.Read);
        }

        var apps = await state.ListAppsAsync(vertical, ct).ConfigureAwait(false);
        return Results.Ok(apps.Where(a => StrataAuth.Allows(context.User, a.Vertical, TokenScope.Read)).Select(a => ToInfo(a, context.Request)).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, StateStore state, AppDeployer deployer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CreateAppRequest>(request, ct).ConfigureAwait(false);
        var problems = new List<ValidationProblem>();
        if (StrataNames.CheckDnsLabel(body.Name) is { } nameProblem)
        {
            problems.Add(new ValidationProblem("name", nameProblem));
        }

        if (string.IsNullOrEmpty(body.Vertical))
        {
            problems.Add(new ValidationProblem("vertical", "is required: the vertical that maps the app."));
        }

        if (problems.Count > 0)
        {
            throw ApiException.Invalid("Cannot create the app", problems);
        }

        request.HttpContext.RequireScope(body.Vertical!, TokenScope.Deploy);
        deployer.RequireVertical(body.Vertical!);
        var app = new AppRef(body.Vertical!, body.Name!);
        if (await state.GetAppAsync(app, ct).ConfigureAwait(false) is not null)
        {
            throw new ApiException(409, "App exists", $"App '{app.App}' already exists in vertical '{app.Vertical}'.");
        }

        var record = await state.EnsureAppAsync(app, ct).ConfigureAwait(false);
        return Results.Created($"/api/apps/{app.App}?vertical={app.Vertical}", ToInfo(record, request));
    }

    private static async Task<AppInfo> GetAsync(string app, string? vertical, HttpRequest request, StateStore state, CancellationToken ct)
        => ToInfo(await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false), request);

    private static async Task<IResult> DeleteAsync(string app, string? vertical, StateStore state, AppRuntimes runtimes, GatewayRoutes gateway, DataLayout layout, CancellationToken ct)
    {
        var record = await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var runtime = runtimes.For(record);
        gateway.Remove(record.Ref);
        await runtime.DeleteAppAsync(record.Ref, ct).ConfigureAwait(false);
        await state.DeleteAppAsync(record.Ref, ct).ConfigureAwait(false);
        layout.DeleteApp(record.Ref);
        return Results.NoContent();
    }

    private static async Task<IResult> DeployAsync(string app, string? vertical, string? runtime, HttpRequest request, AppDeployer deployer, AppRuntimes runtimes, DataLayout layout, StrataServerOptions options, StateStore state, CancellationToken ct)
    {
        // Refused before anything is read or built: asking for a runtime the host does not have is the request's fault.
        runtimes.Check(runtime);
        var staged = Path.Combine(layout.Staging, Guid.NewGuid().ToString("N"));
        try
        {
            if (request.HasJsonContentType())
            {
                var body = await JsonBody.ReadAsync<DeployRequest>(request, ct).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(body.Path) && body.Spec is { } spec)
                {
                    await StageServingWithSpecAsync(await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false), spec, state, staged, ct).ConfigureAwait(false);
                }
                else if (string.IsNullOrWhiteSpace(body.Path) || !Path.IsPathRooted(body.Path))
                {
                    throw ApiException.Invalid("Invalid deploy request", [new ValidationProblem("path", "is required: the absolute path of the app folder on the host's machine (or, without a path, 'spec': changes to the serving revision's spec).")]);
                }
                else
                {
                    SourceStaging.CheckAppFolder(body.Path, layout.Root);
                    SourceStaging.CopyFolder(body.Path, staged);
                }

                runtime ??= runtimes.Check(body.Runtime);
            }
            else if (request.ContentType is "application/gzip" or "application/x-gzip" or "application/x-tar+gzip" or "application/octet-stream")
            {
                await SourceStaging.ExtractTarGzAsync(request.Body, staged, options.MaxSourceArchiveBytes, ct).ConfigureAwait(false);
            }
            else
            {
                throw new ApiException(415, "Unsupported media type", "Send JSON {\"path\": \"/abs/app/folder\"} or the app folder as a tar.gz body (Content-Type: application/gzip).");
            }

            // The vertical is known only now, from the manifest (and ?vertical=): the token must deploy to it.
            // An invalid manifest is left to the deployer, which refuses it with every problem's path.
            var manifest = await Core.Manifest.AppManifestParser.LoadAsync(staged, ct).ConfigureAwait(false);
            foreach (var target in new[] { vertical, manifest.Manifest?.Vertical }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                request.HttpContext.RequireScope(target, TokenScope.Deploy);
            }
        }
        catch
        {
            if (Directory.Exists(staged))
            {
                Directory.Delete(staged, recursive: true);
            }

            throw;
        }

        var outcome = await deployer.DeployAsync(app, vertical, staged, ct, runtimes.Check(runtime)).ConfigureAwait(false);
        var response = new DeployResponse(outcome.App, outcome.Vertical, outcome.Revision, outcome.Unchanged, PublicUrl(request, outcome.Path),
            [.. outcome.Steps.Select(s => new BuildStepInfo(s.Name, s.Status.ToString(), Math.Round(s.Duration.TotalSeconds, 3)))], outcome.Image, outcome.Runtime);
        return outcome.Unchanged ? Results.Ok(response) : Results.Created($"/api/apps/{outcome.App}/revisions", response);
    }

    /// <summary>Stages the serving revision's kept sources with <paramref name="spec"/> applied to its manifest (see <see cref="DeployRequest"/>).</summary>
    internal static async Task StageServingWithSpecAsync(Core.State.AppRecord record, System.Text.Json.JsonElement spec, StateStore state, string staged, CancellationToken ct)
    {
        if (record.CurrentRevision is not { } serving
            || await state.GetRevisionAsync(record.Ref, serving, ct).ConfigureAwait(false) is not { SourcePath: { } sources } revision
            || !Directory.Exists(sources))
        {
            throw ApiException.Invalid("Invalid deploy request", [new ValidationProblem("path", $"is required: app {record.Ref} has no serving revision with kept sources to deploy again with a changed spec.")]);
        }

        string yaml;
        try
        {
            yaml = Core.Manifest.ManifestSpecEdit.Apply(revision.ManifestYaml, spec);
        }
        catch (Core.StrataException ex)
        {
            throw ApiException.Invalid("Invalid deploy request", [new ValidationProblem("spec", ex.Message)]);
        }

        SourceStaging.CopyFolder(sources, staged);
        await File.WriteAllTextAsync(Path.Combine(staged, Core.Manifest.AppManifestParser.FileName), yaml, ct).ConfigureAwait(false);
    }

    private static async Task<AppStatusInfo> StatusAsync(string app, string? vertical, HttpRequest request, StateStore state, AppRuntimes runtimes, CancellationToken ct)
    {
        var record = await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var status = await runtimes.For(record).GetStatusAsync(record.Ref, ct).ConfigureAwait(false);
        var deployments = await state.ListDeploymentsAsync(record.Ref, ct).ConfigureAwait(false);
        return new AppStatusInfo(record.Name, record.Vertical, record.CurrentRevision, status.Revision, ToInfo(record, request).Url, status.Services,
            [.. deployments.Take(20).Select(d => new DeploymentInfo(d.Id, d.Revision, d.State.ToString(), d.Message, d.StartedAt, d.FinishedAt))], record.Runtime)
        {
            Schedules = status.Schedules,
        };
    }

    private static async Task LogsAsync(string app, string? vertical, int? tail, bool? follow, string? workload, HttpContext context, StateStore state, AppRuntimes runtimes)
    {
        var ct = context.RequestAborted;
        var record = await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var runtime = runtimes.For(record);
        context.Response.ContentType = "text/plain; charset=utf-8";
        var query = new LogQuery { Tail = Math.Clamp(tail ?? 200, 0, 10_000), Follow = follow ?? false, Workload = workload };
        try
        {
            await foreach (var entry in runtime.ReadLogsAsync(record.Ref, query, ct).ConfigureAwait(false))
            {
                await context.Response.WriteAsync($"{entry.Timestamp:O} {entry.Source} {entry.Line}\n", ct).ConfigureAwait(false);
                if (query.Follow)
                {
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }

    private static async Task<IReadOnlyList<RevisionInfo>> RevisionsAsync(string app, string? vertical, StateStore state, CancellationToken ct)
    {
        var record = await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        return [.. (await state.ListRevisionsAsync(record.Ref, ct).ConfigureAwait(false)).Select(r => new RevisionInfo(r.Number, r.SourceHash, r.CreatedAt, r.Number == record.CurrentRevision))];
    }

    private static async Task<IResult> RollbackAsync(string app, string? vertical, HttpRequest request, StateStore state, AppDeployer deployer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RollbackRequest>(request, ct).ConfigureAwait(false);
        var record = await ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        if (body.Revision is not { } number || await state.GetRevisionAsync(record.Ref, number, ct).ConfigureAwait(false) is not { } revision)
        {
            throw ApiException.Invalid("Invalid rollback request", [new ValidationProblem("revision", $"must name a recorded revision of {record.Ref}; see GET /api/apps/{app}/revisions.")]);
        }

        await deployer.RollOutAsync(record.Ref, AppDeployer.ToAppRevision(revision), deployer.RequireVertical(record.Vertical), ct).ConfigureAwait(false);
        return Results.Ok(new DeployResponse(record.Name, record.Vertical, number, Unchanged: false, PublicUrl(request, StrataNames.AppPath(record.Vertical, record.Name) + "/"), [], Runtime: record.Runtime));
    }

    internal static async Task<AppRecord> ResolveAsync(StateStore state, string app, string? vertical, CancellationToken ct)
    {
        // Apps and verticals are named by DNS labels: any other name (blank, a newline) names nothing, and the state store refuses to look it up.
        if (StrataNames.CheckDnsLabel(app) is not null || (vertical is not null && StrataNames.CheckDnsLabel(vertical) is not null))
        {
            throw ApiException.NotFound(vertical is null ? $"No app named '{app}'. List apps with GET /api/apps." : $"No app '{app}' in vertical '{vertical}'.");
        }

        if (vertical is not null)
        {
            return await state.GetAppAsync(new AppRef(vertical, app), ct).ConfigureAwait(false)
                ?? throw ApiException.NotFound($"No app '{app}' in vertical '{vertical}'.");
        }

        var found = await state.FindAppsByNameAsync(app, ct).ConfigureAwait(false);
        return found.Count switch
        {
            1 => found[0],
            0 => throw ApiException.NotFound($"No app named '{app}'. List apps with GET /api/apps."),
            _ => throw new ApiException(409, "Ambiguous app name", $"Apps named '{app}' exist in verticals {string.Join(", ", found.Select(a => a.Vertical))}; add ?vertical=<name>."),
        };
    }

    private static AppInfo ToInfo(AppRecord app, HttpRequest request)
        => new(app.Name, app.Vertical, app.CurrentRevision, app.CreatedAt, PublicUrl(request, StrataNames.AppPath(app.Vertical, app.Name) + "/"), app.Runtime);

    private static string PublicUrl(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{path}";
}
