using Microsoft.AspNetCore.Authorization;
using Strata.Server.Dashboard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the dashboard's session and form protection.</summary>
internal static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the cookie scheme <see cref="DashboardAuth.Scheme"/> (no default scheme is set: the host's API
    /// authenticates on its own), the authorization policy of the same name that the dashboard's pages
    /// require, and antiforgery for its forms.
    /// </summary>
    public static IServiceCollection AddStrataDashboard(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(DashboardAuth.Scheme, DashboardAuth.Configure);
        services.AddAuthorizationBuilder().AddPolicy(DashboardAuth.Scheme, policy => policy
            .AddAuthenticationSchemes(DashboardAuth.Scheme)
            .RequireAuthenticatedUser());
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = ".Strata.Dashboard.Antiforgery";
            options.Cookie.Path = DashboardPaths.Root;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = AspNetCore.Http.SameSiteMode.Strict;
            options.FormFieldName = "__csrf";
            options.HeaderName = "X-Strata-Csrf";
        });
        return services;
    }
}
