using System.Runtime.CompilerServices;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Server.Api;
using Strata.Workloads;

namespace Strata.Server.Runtimes;

/// <summary>
/// The cluster runtime as the API serves it: what the cluster refuses or where it cannot be reached is the
/// cluster's problem, not the request's, so it answers 502 with the client's readable message rather than
/// the 400 a <see cref="StrataException"/> from user input gets.
/// </summary>
internal sealed class ClusterErrors(ICaasRuntime cluster) : ICaasRuntime
{
    public string Name => cluster.Name;

    public Task<ApplyResult> ApplyAsync(AppRevision revision, WorkloadSet workloads, CancellationToken cancellationToken) =>
        cluster.ApplyAsync(revision, workloads, cancellationToken);

    public Task DeleteAppAsync(AppRef app, CancellationToken cancellationToken) =>
        CallAsync(async () => { await cluster.DeleteAppAsync(app, cancellationToken).ConfigureAwait(false); return true; });

    public Task<AppRuntimeStatus> GetStatusAsync(AppRef app, CancellationToken cancellationToken) =>
        CallAsync(() => cluster.GetStatusAsync(app, cancellationToken));

    public IAsyncEnumerable<AppRuntimeStatus> WatchAsync(AppRef app, CancellationToken cancellationToken) =>
        Wrap(cluster.WatchAsync(app, cancellationToken), cancellationToken);

    public IAsyncEnumerable<LogEntry> ReadLogsAsync(AppRef app, LogQuery query, CancellationToken cancellationToken) =>
        Wrap(cluster.ReadLogsAsync(app, query, cancellationToken), cancellationToken);

    public Task CancelJobAsync(AppRef app, string job, CancellationToken cancellationToken) =>
        CallAsync(async () => { await cluster.CancelJobAsync(app, job, cancellationToken).ConfigureAwait(false); return true; });

    public Task ScaleAsync(AppRef app, string service, int replicas, CancellationToken cancellationToken) =>
        CallAsync(async () => { await cluster.ScaleAsync(app, service, replicas, cancellationToken).ConfigureAwait(false); return true; });

    public async ValueTask<Uri?> GetServiceUriAsync(AppRef app, string service, CancellationToken cancellationToken) =>
        await CallAsync(async () => await cluster.GetServiceUriAsync(app, service, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StrataException ex)
        {
            throw Failed(ex);
        }
    }

    private static async IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool next;
            try
            {
                next = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (StrataException ex)
            {
                throw Failed(ex);
            }

            if (!next)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    private static ApiException Failed(StrataException ex) => new(502, "Cluster error", ex.Message);
}
