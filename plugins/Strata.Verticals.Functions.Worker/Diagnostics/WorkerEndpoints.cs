using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Loading;

namespace Strata.Verticals.Functions.Worker.Diagnostics;

/// <summary>The worker's own endpoints under <c>/_strata</c>: health, the function list, unloading one now.</summary>
internal static class WorkerEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_strata/healthz", (WorkerReadiness readiness) => readiness.IsWarmed
            ? Results.Text("ok\n")
            : Results.Text("warming up\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet("/_strata/functions", (FunctionCatalog catalog, FunctionPool pool)
            => Results.Json(Status(catalog, pool), WorkerJsonContext.Default.WorkerStatus));
        endpoints.MapPost("/_strata/functions/{app}/unload", (string app, FunctionCatalog catalog, FunctionPool pool) =>
        {
            if (pool.TryUnload(app))
            {
                return Results.Ok();
            }

            return catalog.Find(app) is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Function not found", detail: $"No function '{app}' is registered in this worker.")
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Function not unloadable now", detail: $"Function '{app}' is not loaded, or an invocation of it is running.");
        });
    }

    public static WorkerStatus Status(FunctionCatalog catalog, FunctionPool pool)
    {
        var functions = new List<FunctionStatus>();
        foreach (var (app, descriptor) in catalog.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var slot = pool.SlotOf(app);
            var current = slot?.Current;
            var warm = current is not null && current.Descriptor.Revision == descriptor.Revision;
            var failure = slot?.Failure is { } f && f.Descriptor.Revision == descriptor.Revision ? f.Reason : null;
            int awaiting;
            if (slot is null)
            {
                awaiting = 0;
            }
            else
            {
                lock (slot.Unloading)
                {
                    awaiting = slot.Unloading.Count;
                }
            }

            var coldStarts = slot?.ColdStarts ?? 0;
            functions.Add(new FunctionStatus
            {
                App = app,
                Revision = descriptor.Revision,
                State = warm ? "warm" : failure is not null ? "failed" : "cold",
                Reason = warm ? null : failure,
                Invocations = slot?.Invocations ?? 0,
                Errors = slot?.Errors ?? 0,
                Timeouts = slot?.Timeouts ?? 0,
                InFlight = current?.InFlight ?? 0,
                ColdStarts = coldStarts,
                LastColdStartMs = coldStarts > 0 ? slot!.LastColdStart.TotalMilliseconds : null,
                MeanColdStartMs = coldStarts > 0 ? slot!.TotalColdStart.TotalMilliseconds / coldStarts : null,
                Unloads = slot?.Unloads ?? 0,
                Collected = slot?.Collected ?? 0,
                AwaitingCollection = awaiting,
            });
        }

        foreach (var (folder, reason) in catalog.Invalid.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            functions.Add(new FunctionStatus { App = folder, State = "failed", Reason = reason });
        }

        return new WorkerStatus(catalog.Directory, Environment.ProcessId, functions);
    }
}
