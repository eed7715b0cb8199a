using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.Naming;
using Strata.Core.Plugins;
using Strata.Core.Templates;
using Strata.Server.Apps;
using Strata.Server.Auth;
using Strata.Validation;

namespace Strata.Server.Api;

/// <summary><c>/api/verticals</c>: what verticals the host has, and scaffolding of new apps from their templates.</summary>
internal static class VerticalsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/verticals").WithTags("verticals");
        group.MapGet("/", (VerticalCatalog catalog) => catalog.All.Select(ToInfo).ToList())
            .WithSummary("Lists the verticals: loaded, refused or failed, with the reason.");
        group.MapPost("/{vertical}/new", NewAppAsync)
            .RequireScope(Core.Auth.TokenScope.Read, ScopeTarget.RouteVertical)
            .WithSummary("Renders a template set of the vertical for a new app and returns its files.");
    }

    private static VerticalInfo ToInfo(LoadedVertical v) => new(
        v.Name, v.Descriptor?.DisplayName, v.Descriptor?.Version, v.Descriptor?.ContractVersion, v.State.ToString(), v.Reason, v.Directory,
        [.. v.Registration.TemplateSets.Select(t => t.Name)], [.. v.Registration.BuildSteps.Select(s => s.Name)], "/v/" + v.Name);

    private static async Task<NewAppResponse> NewAppAsync(string vertical, HttpRequest request, AppDeployer deployer, TemplateRenderer renderer, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<NewAppRequest>(request, cancellationToken).ConfigureAwait(false);
        var loaded = deployer.RequireVertical(vertical);
        var problems = new List<ValidationProblem>();
        if (StrataNames.CheckDnsLabel(body.App) is { } nameProblem)
        {
            problems.Add(new ValidationProblem("app", nameProblem));
        }

        var sets = loaded.Registration.TemplateSets;
        var set = body.Template is null ? sets.FirstOrDefault() : sets.FirstOrDefault(s => s.Name == body.Template);
        if (set is null)
        {
            problems.Add(new ValidationProblem("template", sets.Count == 0
                ? $"vertical '{vertical}' has no templates."
                : $"vertical '{vertical}' has no template set '{body.Template}'; it has {string.Join(", ", sets.Select(s => s.Name))}."));
        }

        if (problems.Count > 0)
        {
            throw ApiException.Invalid("Cannot create the app", problems);
        }

        var target = Path.Combine(Path.GetTempPath(), "strata-new-" + Guid.NewGuid().ToString("N"));
        try
        {
            var model = new TemplateModel(body.App!, vertical) { Options = body.Options ?? new Dictionary<string, string>() };
            var written = await renderer.RenderAsync(set!, model, target, overwrite: false, cancellationToken).ConfigureAwait(false);
            var files = new List<RenderedFile>();
            foreach (var path in written)
            {
                files.Add(new RenderedFile(path, await File.ReadAllTextAsync(Path.Combine(target, path), cancellationToken).ConfigureAwait(false)));
            }

            return new NewAppResponse(body.App!, vertical, set!.Name, files);
        }
        finally
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }
}
