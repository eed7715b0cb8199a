using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strata.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer strata_…</c>: a known, unrevoked, unexpired token becomes a principal with its
/// scopes as claims. Why a token was refused is kept for the 401's detail (see <see cref="AuthorizationProblems"/>).
/// </summary>
internal sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenAuthenticator tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The <see cref="Microsoft.AspNetCore.Http.HttpContext.Items"/> key of why the request's token was refused.</summary>
    public const string FailureItem = "strata.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("the Authorization header is not 'Bearer <token>'");
        }

        var (token, problem) = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            LogRefused(Logger, Request.Path, problem!);
            return Fail(problem!);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(StrataAuth.PrincipalOf(token, Scheme.Name), Scheme.Name));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    [LoggerMessage(5101, LogLevel.Information, "Refused a bearer token on {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);
}
