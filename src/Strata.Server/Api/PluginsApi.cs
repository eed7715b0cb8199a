using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.Auth;
using Strata.Server.Auth;
using Strata.Server.Plugins;

namespace Strata.Server.Api;

/// <summary><c>/api/plugins</c>: vertical packages installed, updated and removed while the host runs.</summary>
internal static class PluginsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/plugins").WithTags("plugins");
        group.MapGet("/", (PluginInstaller installer, CancellationToken ct) => installer.ListAsync(ct))
            .RequireScope(TokenScope.Read, ScopeTarget.Host)
            .WithSummary("Lists the plugins the host recorded: package id, version, SHA-512, source and load state.");
        group.MapPost("/", AddAsync)
            .RequireScope(TokenScope.Administer, ScopeTarget.Host)
            .WithSummary("Downloads a vertical package from a configured source and loads it without a restart.");
        group.MapPost("/{id}/update", UpdateAsync)
            .RequireScope(TokenScope.Administer, ScopeTarget.Host)
            .WithSummary("Replaces an installed plugin by another version (default: the newest); the old version is unloaded.");
        group.MapDelete("/{id}", (string id, PluginInstaller installer, CancellationToken ct) => installer.RemoveAsync(id, ct))
            .RequireScope(TokenScope.Administer, ScopeTarget.Host)
            .WithSummary("Unloads an installed plugin and deletes its files; its API stops answering at once.");
    }

    private static async Task<IResult> AddAsync(HttpRequest request, PluginInstaller installer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PluginAddRequest>(request, ct).ConfigureAwait(false);
        var installed = await installer.AddAsync(body.Id, body.Version, body.Source, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/plugins/{Uri.EscapeDataString(installed.Id)}", installed);
    }

    private static async Task<InstalledPlugin> UpdateAsync(string id, HttpRequest request, PluginInstaller installer, CancellationToken ct)
    {
        var body = request.ContentLength is 0 || !request.HasJsonContentType() && request.ContentLength is null
            ? new PluginUpdateRequest(null, null)
            : await JsonBody.ReadAsync<PluginUpdateRequest>(request, ct).ConfigureAwait(false);
        return await installer.UpdateAsync(id, body.Version, body.Source, ct).ConfigureAwait(false);
    }
}
