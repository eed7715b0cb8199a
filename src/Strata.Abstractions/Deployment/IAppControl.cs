using System.Text.Json;

namespace Strata.Deployment;

/// <summary>
/// Lets a vertical's API act on its own apps as the control API would, without a token of its own:
/// deploy a new revision from the serving revision's sources with spec keys replaced (a simulation run
/// submitted through the vertical's API), read which revision serves, and cancel a job. The host
/// registers one per vertical in the plugin's services; it acts only on apps of that vertical, and the
/// vertical API's own scope check (<c>&lt;vertical&gt;:write</c>) is what allowed the request. Since
/// contract 1.2.
/// </summary>
public interface IAppControl
{
    /// <summary>The revision <paramref name="app"/> serves, or null when it has none or does not exist.</summary>
    /// <param name="app">An app of this vertical.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<int?> GetServingRevisionAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds and rolls out a new revision of <paramref name="app"/> from its serving revision's sources,
    /// with the top-level keys of <paramref name="spec"/> replacing those of the manifest's <c>spec</c>
    /// (as <c>POST /api/apps/{app}/deploy {"spec": …}</c>). Unchanged sources keep the serving revision.
    /// </summary>
    /// <param name="app">An app of this vertical with a serving revision.</param>
    /// <param name="spec">A JSON object: the spec keys to replace.</param>
    /// <param name="cancellationToken">Stops the deploy.</param>
    /// <exception cref="AppControlException">The app is unknown, has no serving revision, the changed spec is invalid, or the build or rollout failed.</exception>
    Task<AppDeployResult> DeploySpecAsync(string app, JsonElement spec, CancellationToken cancellationToken = default);

    /// <summary>Cancels the job <paramref name="job"/> of <paramref name="app"/>; false when no such job runs.</summary>
    /// <param name="app">An app of this vertical.</param>
    /// <param name="job">The job workload's name.</param>
    /// <param name="cancellationToken">Stops the cancel.</param>
    Task<bool> CancelJobAsync(string app, string job, CancellationToken cancellationToken = default);
}

/// <summary>What a deploy through <see cref="IAppControl"/> made.</summary>
/// <param name="Revision">The revision that serves now.</param>
/// <param name="Unchanged">True when the sources were unchanged and the serving revision was kept.</param>
public sealed record AppDeployResult(int Revision, bool Unchanged);

/// <summary>
/// A refused or failed <see cref="IAppControl"/> call, as the control API would answer it: an HTTP status,
/// a title, a detail and the field problems with their paths (e.g. <c>spec.run.parameters.alpha</c>).
/// </summary>
public sealed class AppControlException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status the control API would answer (400, 404, 409, 422, 500).</param>
    /// <param name="title">A short summary.</param>
    /// <param name="detail">What went wrong.</param>
    /// <param name="problems">Field problems with their paths; empty when none.</param>
    public AppControlException(int status, string title, string detail, IReadOnlyList<Validation.ValidationProblem>? problems = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception with a message only (status 500).</summary>
    public AppControlException()
        : this(500, "Host error", "The host could not act on the app.")
    {
    }

    /// <summary>Creates the exception with a message (status 500).</summary>
    /// <param name="message">What went wrong.</param>
    public AppControlException(string message)
        : this(500, "Host error", message)
    {
    }

    /// <summary>Creates the exception with a message and its cause (status 500).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AppControlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Title = "Host error";
        Problems = [];
    }

    /// <summary>The HTTP status the control API would answer.</summary>
    public int Status { get; }

    /// <summary>A short summary of the problem.</summary>
    public string Title { get; }

    /// <summary>Field problems with their paths.</summary>
    public IReadOnlyList<Validation.ValidationProblem> Problems { get; }
}
