using Strata.Core.Runtime;

namespace Strata.Runtime.Local;

// Jobs start when their revision serves (see AppHost.Jobs); cancelling one waits until its processes are gone.
public sealed partial class LocalRuntime
{
    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">The app does not run here, or has no such job.</exception>
    public async Task CancelJobAsync(AppRef app, string job, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var found = await WithAppAsync<bool>(app, create: false, async (host, _) =>
        {
            await host.CancelJobAsync(job).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw new KeyNotFoundException($"App '{app}' does not run on the local runtime, so it has no job '{job}'. Deploy it first.");
        }
    }
}
