namespace {{ app.namespace }};

/// <summary>
/// A timer function: Strata calls <see cref="HandleAsync"/> on the cron schedule in strata.yaml
/// (spec.schedule, UTC), with an X-Strata-Schedule header; it can still be called over HTTP too.
/// Constructor parameters come from dependency injection (logging, configuration).
/// </summary>
public sealed class Function(ILogger<Function> logger)
{
    public Task<IResult> HandleAsync(HttpContext context)
    {
        var trigger = context.Request.Headers["X-Strata-Schedule"].FirstOrDefault() is { } schedule ? $"schedule '{schedule}'" : "an HTTP call";
        logger.LogInformation("Tick at {Now:o} from {Trigger}", DateTimeOffset.UtcNow, trigger);
        return Task.FromResult(Results.Text($"tick from {trigger}\n"));
    }
}
