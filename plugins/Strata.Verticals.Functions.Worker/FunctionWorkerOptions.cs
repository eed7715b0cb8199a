namespace Strata.Verticals.Functions.Worker;

/// <summary>The worker's settings, bound from <c>Strata:Functions</c> (e.g. env <c>Strata__Functions__IdleTimeout=00:05:00</c>).</summary>
public sealed class FunctionWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Strata:Functions";

    /// <summary>The environment variable that names <see cref="Directory"/> when the section does not.</summary>
    public const string DirectoryVariable = "STRATA_FUNCTIONS_DIR";

    /// <summary>
    /// The runtime's contributions folder of the worker's service, used when <see cref="DirectoryVariable"/> is
    /// not set: a pool's functions are the folders that shared-mode apps contribute to it (links, one per app).
    /// </summary>
    public const string ContributionsVariable = "STRATA_CONTRIBUTIONS_DIR";

    /// <summary>The functions folder: one subfolder per function revision, each with a <c>function.json</c>. Required.</summary>
    public string? Directory { get; set; }

    /// <summary>How long a function may go without an invocation before it is unloaded (scale to zero).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The function a request that names none is for (a dedicated worker's own app); null to answer such
    /// requests with 404.
    /// </summary>
    public string? DefaultFunction { get; set; }

    /// <summary>Force a GC after unloading so that unloaded functions give their memory back now (bounded per context).</summary>
    public bool CollectAfterUnload { get; set; } = true;

    /// <summary>Load and unload a dummy function at start, which halves the first real cold start.</summary>
    public bool WarmUp { get; set; } = true;
}
