using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Strata.Server.Auth;

/// <summary>
/// Answers a refused bearer-token request with ProblemDetails: 401 with <c>WWW-Authenticate: Bearer</c>
/// (RFC 6750) when there is no usable token, 403 naming the scope it lacks. Policies of other schemes
/// (the dashboard's cookie) keep the default answers (a redirect to its login).
/// </summary>
internal sealed class AuthorizationProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !policy.AuthenticationSchemes.Contains(StrataAuth.Scheme))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        ProblemDetails details;
        if (authorizeResult.Challenged)
        {
            var failure = context.Items[TokenAuthenticationHandler.FailureItem] as string;
            context.Response.Headers.WWWAuthenticate = failure is null
                ? "Bearer realm=\"strata\""
                : "Bearer realm=\"strata\", error=\"invalid_token\"";
            details = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = failure is null
                    ? "Send 'Authorization: Bearer <token>'. The host printed an admin token at its first start; 'strata token create' makes more."
                    : $"The bearer token was refused: {failure}.",
            };
        }
        else
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            details = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed",
                Detail = reasons.Count > 0 ? string.Join("; ", reasons) + "." : "The token's scopes do not allow this.",
            };
        }

        context.Response.StatusCode = details.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }).ConfigureAwait(false);
    }
}
