using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Server.Rendering;

using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>
/// <c>GET /api/apps/{app}/render</c>: the Kubernetes objects a deploy of a revision applies, as multi-document
/// YAML (for GitOps and review). Secret values are replaced by placeholders unless <c>includeSecrets=true</c>;
/// the redacted Secrets are named in the <c>Strata-Redacted-Secrets</c> header.
/// </summary>
internal static class RenderApi
{
    public const string YamlMediaType = "application/yaml";
    public const string RedactedHeader = "Strata-Redacted-Secrets";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/apps/{app}/render", RenderAsync)
            .RequireScope(Core.Auth.TokenScope.Read, ScopeTarget.App)
            .WithTags("apps")
            .WithSummary("The Kubernetes objects a deploy of the revision (default: current) applies, as YAML; ?includeSecrets=true shows secret values.");
    }

    private static async Task<IResult> RenderAsync(string app, string? vertical, int? revision, bool? includeSecrets, HttpResponse response, StateStore state, AppRenderer renderer, CancellationToken ct)
    {
        var record = await AppsApi.ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var render = await renderer.RenderAsync(record, revision, includeSecrets ?? false, ct).ConfigureAwait(false);
        if (render.RedactedSecrets.Count > 0)
        {
            response.Headers[RedactedHeader] = string.Join(",", render.RedactedSecrets);
        }

        response.Headers["Strata-Revision"] = render.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(KubernetesRender.ToYaml(render.Objects), YamlMediaType);
    }
}
