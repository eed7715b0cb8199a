using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strata.Server.Api;

namespace Strata.Server.Auth;

/// <summary>Puts scope requirements on endpoints, and checks scopes an endpoint learns only from its body.</summary>
public static class AuthEndpointExtensions
{
    /// <summary>Any valid bearer token.</summary>
    public static AuthorizationPolicy Authenticated { get; } =
        new AuthorizationPolicyBuilder(StrataAuth.Scheme).RequireAuthenticatedUser().Build();

    /// <summary>Requires a bearer token whose scopes allow <paramref name="action"/> on the vertical <paramref name="target"/> finds.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string? action, ScopeTarget target, string? vertical = null)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(new AuthorizationPolicyBuilder(StrataAuth.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(action, target, vertical))
            .Build());

    /// <summary>Throws a 403 when the request's token may not do <paramref name="action"/> on <paramref name="vertical"/>.</summary>
    internal static void RequireScope(this HttpContext context, string vertical, string action)
    {
        if (!StrataAuth.Allows(context.User, vertical, action))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "Not allowed",
                $"token '{context.User.Identity?.Name}' does not carry the scope {vertical}:{action} (or admin).");
        }
    }
}
