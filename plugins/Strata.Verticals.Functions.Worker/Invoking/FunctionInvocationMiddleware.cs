using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Diagnostics;
using Strata.Verticals.Functions.Worker.Loading;

namespace Strata.Verticals.Functions.Worker.Invoking;

/// <summary>
/// Serves a request that names a function (see <see cref="FunctionRouting"/>): finds it, enters it
/// (loading it on a cold start), runs the handler under its timeout and turns failures into
/// ProblemDetails that name the function. Requests naming no function pass on to the worker's endpoints.
/// </summary>
internal sealed class FunctionInvocationMiddleware(
    RequestDelegate next, FunctionCatalog catalog, FunctionPool pool, FunctionMetrics metrics, IOptions<FunctionWorkerOptions> options, ILogger<FunctionInvocationMiddleware> logger)
{
    private readonly string? _defaultFunction = options.Value.DefaultFunction;

    public Task InvokeAsync(HttpContext context)
    {
        var app = FunctionRouting.Resolve(context.Request, _defaultFunction);
        return app is null ? next(context) : InvokeFunctionAsync(context, app);
    }

    private async Task InvokeFunctionAsync(HttpContext context, string app)
    {
        var descriptor = catalog.Find(app);
        if (descriptor is null)
        {
            await Problem(context, StatusCodes.Status404NotFound, "Function not found", app, null,
                $"No function '{app}' is registered in this worker's functions folder. Deploy it, or check the app name.").ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        Lease lease;
        try
        {
            lease = await pool.AcquireAsync(descriptor, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FunctionLoadException ex)
        {
            await Problem(context, StatusCodes.Status500InternalServerError, "Function failed to load", app, descriptor.Revision, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var function = lease.Function;
        lease.Slot.CountInvocation();
        var timeout = TimeSpan.FromSeconds(descriptor.TimeoutSeconds);
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(timeout);
        context.RequestAborted = deadline.Token;

        // Off the request's thread: a handler that blocks before its first await is still cut at its timeout.
        var invocation = Task.Run(() => RunAsync(function, context), CancellationToken.None);
        var abandoned = false;
        string outcome;
        try
        {
            await invocation.WaitAsync(deadline.Token).ConfigureAwait(false);
            outcome = "ok";
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            outcome = "aborted";
            abandoned = !invocation.IsCompleted;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            outcome = "timeout";
            abandoned = !invocation.IsCompleted;
            lease.Slot.CountTimeout();
            lease.Slot.CountError();
            metrics.Failed(app, descriptor.Revision, "timeout");
            WorkerLog.TimedOut(logger, app, descriptor.Revision, descriptor.TimeoutSeconds);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                // The handler may still hold this HttpContext: close the connection after the answer so
                // Kestrel never hands the same context to the next request of this connection.
                context.Response.Headers.Connection = "close";
                await Problem(context, StatusCodes.Status504GatewayTimeout, "Function timed out", app, descriptor.Revision,
                    $"Function '{app}' did not answer within its timeout of {descriptor.TimeoutSeconds} s (spec.timeoutSeconds); it was cancelled.").ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            outcome = "error";
            lease.Slot.CountError();
            metrics.Failed(app, descriptor.Revision, "exception");
            WorkerLog.Threw(logger, app, descriptor.Revision, ex);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                await Problem(context, StatusCodes.Status500InternalServerError, "Function failed", app, descriptor.Revision,
                    $"Function '{app}' threw {ex.GetType().FullName}: {ex.Message}").ConfigureAwait(false);
            }
        }

        metrics.Invoked(app, descriptor.Revision, outcome, Stopwatch.GetElapsedTime(started));
        if (abandoned)
        {
            // Its context stays loaded while the abandoned code runs; it counts as in flight until it ends.
            _ = invocation.ContinueWith(static (task, state) =>
            {
                _ = task.Exception;
                ((LoadedFunction)state!).Exit();
            }, function, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            function.Exit();
        }
    }

    private static async Task RunAsync(LoadedFunction function, HttpContext context)
    {
        var result = await function.Invoke(context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{function.Descriptor.Handler}.HandleAsync returned null instead of an IResult.");
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static Task Problem(HttpContext context, int status, string title, string app, int? revision, string detail)
    {
        var extensions = new Dictionary<string, object?> { ["function"] = app };
        if (revision is not null)
        {
            extensions["revision"] = revision;
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }
}
