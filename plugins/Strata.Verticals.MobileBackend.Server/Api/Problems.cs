namespace Strata.Verticals.MobileBackend.Server;

/// <summary>The server's ProblemDetails answers (RFC 9457), one place so that every error reads alike.</summary>
internal static class Problems
{
    /// <summary>400 with every failing field's path in <c>errors</c>.</summary>
    public static IResult Invalid(string title, IEnumerable<(string Path, string Message)> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: title);

    /// <summary>400 for one field.</summary>
    public static IResult Invalid(string path, string message) => Invalid("The request is invalid.", [(path, message)]);

    /// <summary>401: the caller must sign in (again).</summary>
    public static IResult Unauthorized(string detail) => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required", detail: detail);

    /// <summary>403: signed in, but the rules do not allow it.</summary>
    public static IResult Forbidden(string detail) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    /// <summary>404.</summary>
    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>409.</summary>
    public static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>413.</summary>
    public static IResult TooLarge(string detail) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: detail);

    /// <summary>415.</summary>
    public static IResult UnsupportedType(string detail) => Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Content type not allowed", detail: detail);
}
