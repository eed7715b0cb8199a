using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Strata.Core;

namespace Strata.Server.Api;

/// <summary>
/// Turns every failure into RFC 9457 ProblemDetails. Field problems go into <c>errors</c>, keyed by
/// the offending field's path (<c>spec.handler</c>), the shape ASP.NET's validation problems use.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var details = exception switch
        {
            ApiException api => FromApi(api),
            StrataException strata => WithErrors(new ProblemDetails { Status = 400, Title = "Invalid request", Detail = strata.Message }, strata.Path is null ? [] : [new(strata.Path, strata.Message)]),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => new ProblemDetails { Status = 500, Title = "Host error", Detail = $"{exception.GetType().Name}: {exception.Message}" },
        };
        if (details is null)
        {
            return true;
        }

        httpContext.Response.StatusCode = details.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception }).ConfigureAwait(false);
    }

    private static ProblemDetails FromApi(ApiException api)
    {
        var details = WithErrors(new ProblemDetails { Status = api.Status, Title = api.Title, Detail = api.Message }, api.Problems);
        foreach (var (key, value) in api.Extensions)
        {
            details.Extensions[key] = value;
        }

        return details;
    }

    private static ProblemDetails WithErrors(ProblemDetails details, IReadOnlyList<Validation.ValidationProblem> fieldProblems)
    {
        if (fieldProblems.Count > 0)
        {
            details.Extensions["errors"] = fieldProblems
                .GroupBy(p => p.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        }

        return details;
    }
}
