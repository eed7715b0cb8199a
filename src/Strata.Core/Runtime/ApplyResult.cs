namespace Strata.Core.Runtime;

/// <summary>The outcome of <see cref="ICaasRuntime.ApplyAsync"/>.</summary>
/// <param name="Succeeded">True when the new revision is the one serving.</param>
/// <param name="Message">Why it failed (which workload, what it said), or a short summary.</param>
public sealed record ApplyResult(bool Succeeded, string Message)
{
    /// <summary>A success.</summary>
    public static ApplyResult Ok(string message = "ready") => new(true, message);

    /// <summary>A failure with its reason.</summary>
    public static ApplyResult Failed(string reason) => new(false, reason);
}
