using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Server.Runtimes;

using Strata.Server.Auth;

namespace Strata.Server.Api;

/// <summary>
/// <c>/api/apps/{app}/jobs</c>: the job workloads of the revision serving, and cancelling one.
/// Apps are resolved as in <see cref="AppsApi"/> (<c>?vertical=</c> picks one where names are shared).
/// </summary>
internal static class JobsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/jobs").WithTags("jobs");
        group.MapGet("/", ListAsync).RequireScope(Core.Auth.TokenScope.Read, ScopeTarget.App).WithSummary("The app's jobs: state, counts and each completion index.");
        group.MapPost("/{job}/cancel", CancelAsync).RequireScope(Core.Auth.TokenScope.Deploy, ScopeTarget.App).WithSummary("Cancels a running job: its tasks are stopped and no more start.");
    }

    private static async Task<IReadOnlyList<JobStatus>> ListAsync(string app, string? vertical, StateStore state, AppRuntimes runtimes, CancellationToken ct)
    {
        var record = await AppsApi.ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var runtime = runtimes.For(record);
        return (await runtime.GetStatusAsync(record.Ref, ct).ConfigureAwait(false)).Jobs;
    }

    private static async Task<IResult> CancelAsync(string app, string job, string? vertical, StateStore state, AppRuntimes runtimes, CancellationToken ct)
    {
        var record = await AppsApi.ResolveAsync(state, app, vertical, ct).ConfigureAwait(false);
        var runtime = runtimes.For(record);
        try
        {
            await runtime.CancelJobAsync(record.Ref, job, ct).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            throw ApiException.NotFound(ex.Message);
        }

        var status = (await runtime.GetStatusAsync(record.Ref, ct).ConfigureAwait(false)).Jobs.FirstOrDefault(j => j.Name == job);
        return Results.Accepted($"/api/apps/{record.Name}/jobs?vertical={record.Vertical}", status);
    }
}
