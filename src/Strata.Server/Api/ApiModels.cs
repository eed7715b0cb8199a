namespace Strata.Server.Api;

// The control API's wire types: small records, kept together because they only mirror JSON.

/// <summary>A vertical as <c>GET /api/verticals</c> shows it.</summary>
public sealed record VerticalInfo(string Name, string? DisplayName, string? Version, string? ContractVersion, string State, string? Reason, string Directory, IReadOnlyList<string> Templates, IReadOnlyList<string> BuildSteps, string ApiPath);

/// <summary>Asks a vertical to render a template set for a new app.</summary>
public sealed record NewAppRequest(string? App, string? Template, IReadOnlyDictionary<string, string>? Options);

/// <summary>A rendered file of a new app.</summary>
public sealed record RenderedFile(string Path, string Content);

/// <summary>The files of a new app.</summary>
public sealed record NewAppResponse(string App, string Vertical, string Template, IReadOnlyList<RenderedFile> Files);

/// <summary>Creates an app before its first deploy.</summary>
public sealed record CreateAppRequest(string? Name, string? Vertical);

/// <summary>An app.</summary>
public sealed record AppInfo(string Name, string Vertical, int? CurrentRevision, DateTimeOffset CreatedAt, string Url, string Runtime = "local");

/// <summary>
/// Deploys from a folder on the host's machine, on a runtime (<c>local</c>, <c>kubernetes</c>; default: the app's own, or <c>local</c>).
/// Without a path, <c>Spec</c> deploys the serving revision's sources again with each top-level key of
/// <c>Spec</c> replacing that key of the manifest's <c>spec:</c> (null removes it): how a vertical's API
/// starts work that its mapping reads from the spec, such as a simulation run.
/// </summary>
public sealed record DeployRequest(string? Path, string? Runtime = null, System.Text.Json.JsonElement? Spec = null);

/// <summary>One build step of a deploy.</summary>
public sealed record BuildStepInfo(string Name, string Status, double Seconds);

/// <summary>What a deploy did.</summary>
public sealed record DeployResponse(string App, string Vertical, int Revision, bool Unchanged, string Url, IReadOnlyList<BuildStepInfo> Steps, string? Image = null, string Runtime = "local");

/// <summary>A recorded revision.</summary>
public sealed record RevisionInfo(int Number, string SourceHash, DateTimeOffset CreatedAt, bool Serving);

/// <summary>Deploys an earlier revision again.</summary>
public sealed record RollbackRequest(int? Revision);

/// <summary>An app's status.</summary>
public sealed record AppStatusInfo(string App, string Vertical, int? CurrentRevision, int? ServingRevision, string Url, IReadOnlyList<Core.Runtime.ServiceStatus> Services, IReadOnlyList<DeploymentInfo> Deployments, string Runtime = "local")
{
    /// <summary>The app's scheduled requests (timer triggers): last and next firing, counts.</summary>
    public IReadOnlyList<Core.Runtime.ScheduleStatus> Schedules { get; init; } = [];
}

/// <summary>A deployment of a revision.</summary>
public sealed record DeploymentInfo(long Id, int Revision, string State, string? Message, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Body of <c>POST /api/plugins</c>: the package to install, optionally its version and which configured source to use.</summary>
public sealed record PluginAddRequest(string? Id, string? Version, string? Source);

/// <summary>Body of <c>POST /api/plugins/{id}/update</c>: the version to move to (default: the newest) and the source.</summary>
public sealed record PluginUpdateRequest(string? Version, string? Source);

/// <summary>A new token: its name, scopes, and when it expires (an instant, or a duration such as <c>30d</c>, <c>12h</c>, <c>90m</c>; neither: never).</summary>
public sealed record TokenCreateRequest(string? Name, IReadOnlyList<string?>? Scopes, DateTimeOffset? ExpiresAt, string? ExpiresIn);

/// <summary>A token as the API shows it: never its secret.</summary>
public sealed record TokenInfo(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string State);

/// <summary>A token just created: <see cref="Token"/> is its text, shown this once.</summary>
public sealed record TokenCreatedResponse(TokenInfo Info, string Token);
