using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Server.Dashboard;
using Strata.Server.Dashboard.Pages;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the dashboard at <c>/dashboard</c>.</summary>
internal static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the login page and the embedded assets for anyone, and every other page behind the
    /// <see cref="DashboardAuth.Scheme"/> policy. None of it is in the OpenAPI document: it is for people.
    /// </summary>
    public static void MapStrataDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup(DashboardPaths.Root).ExcludeFromDescription();
        dashboard.MapGet("/login", LoginPage.GetAsync).AllowAnonymous();
        dashboard.MapPost("/login", LoginPage.PostAsync).AllowAnonymous();
        dashboard.MapGet("/assets/{name}", DashboardAssets.Serve).AllowAnonymous();

        RouteHandlerBuilder[] pages =
        [
            dashboard.MapPost("/logout", LoginPage.LogoutAsync),
            dashboard.MapGet("/", OverviewPage.GetAsync),
            dashboard.MapGet("/live", OverviewPage.LiveAsync),
            dashboard.MapGet("/apps", AppsPage.GetAsync),
            dashboard.MapGet("/apps/{vertical}/{app}", AppPage.GetAsync),
            dashboard.MapGet("/apps/{vertical}/{app}/live", AppPage.LiveAsync),
            dashboard.MapGet("/apps/{vertical}/{app}/logs", LogTail.GetAsync),
            dashboard.MapPost("/apps/{vertical}/{app}/rollback", AppPage.RollbackAsync),
        ];
        foreach (var page in pages)
        {
            page.RequireAuthorization(DashboardAuth.Scheme);
        }
    }
}
