using Strata.Validation;

namespace Strata.Server.Api;

/// <summary>A failure the API reports as ProblemDetails: status, title, detail and, where known, the offending fields.</summary>
internal sealed class ApiException(int status, string title, string detail, IReadOnlyList<ValidationProblem>? problems = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyList<ValidationProblem> Problems { get; } = problems ?? [];

    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public static ApiException Invalid(string title, IReadOnlyList<ValidationProblem> problems)
        => new(400, title, string.Join("; ", problems.Select(p => p.ToString())), problems);

    public static ApiException NotFound(string detail) => new(404, "Not found", detail);
}
