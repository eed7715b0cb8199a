using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.State;

namespace Strata.Server.Auth;

/// <summary>Decides a <see cref="ScopeRequirement"/> for a request, finding the vertical as its target says.</summary>
internal sealed class ScopeAuthorizationHandler(StateStore state) : AuthorizationHandler<ScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true || context.Resource is not HttpContext http)
        {
            return;
        }

        var action = requirement.ActionFor(http.Request.Method);
        var (allowed, needed) = requirement.Target switch
        {
            ScopeTarget.Host => (StrataAuth.Allows(context.User, null, action), $"*:{action}"),
            ScopeTarget.AnyVertical => (StrataAuth.AllowsSomewhere(context.User, action), $"<vertical>:{action}"),
            ScopeTarget.Vertical => (StrataAuth.Allows(context.User, requirement.Vertical, action), $"{requirement.Vertical}:{action}"),
            ScopeTarget.RouteVertical => ForVertical(context, http.GetRouteValue("vertical") as string, action),
            ScopeTarget.App => await ForAppAsync(context, http, action).ConfigureAwait(false),
            _ => (false, action),
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"token '{context.User.Identity.Name}' does not carry the scope {needed} (or admin)"));
        }
    }

    private static (bool, string) ForVertical(AuthorizationHandlerContext context, string? vertical, string action) =>
        (vertical is not null && StrataAuth.Allows(context.User, vertical, action), $"{vertical}:{action}");

    private async Task<(bool, string)> ForAppAsync(AuthorizationHandlerContext context, HttpContext http, string action)
    {
        if (http.Request.Query["vertical"].ToString() is { Length: > 0 } vertical)
        {
            return ForVertical(context, vertical, action);
        }

        // Without ?vertical= the app's name finds it; when it finds none or several, the endpoint answers
        // 404 or 409, to a token that may do the action somewhere.
        // A name that is no app name (blank, not a DNS label) is not looked up: the endpoint answers it.
        var apps = http.GetRouteValue("app") is string name && Core.Naming.StrataNames.CheckDnsLabel(name) is null
            ? await state.FindAppsByNameAsync(name, http.RequestAborted).ConfigureAwait(false)
            : [];
        return apps.Count == 1
            ? ForVertical(context, apps[0].Vertical, action)
            : (StrataAuth.AllowsSomewhere(context.User, action), $"<vertical>:{action}");
    }
}
