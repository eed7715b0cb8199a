using Strata.Core.Runtime;

namespace Strata.Runtime.Local;

// Job workloads arrive with the next version of the local runtime.
public sealed partial class LocalRuntime
{
    /// <inheritdoc />
    public Task CancelJobAsync(AppRef app, string job, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Job workloads arrive with the next version of the local runtime.");
}
