namespace TimerFunction;

/// <summary>
/// The sample timer function: the runtime calls it once a minute (spec.schedule in strata.yaml, UTC).
/// It logs each tick and answers with how many ticks this loaded copy has seen; it can be called over
/// HTTP as well, and tells the two apart by the X-Strata-Schedule header the scheduler sends.
/// </summary>
public sealed class Function(ILogger<Function> logger)
{
    // Lives as long as the function stays loaded: an idle unload (or a new revision) starts it again.
    private static int _ticks;

    public Task<IResult> HandleAsync(HttpContext context)
    {
        var schedule = context.Request.Headers["X-Strata-Schedule"].FirstOrDefault();
        if (schedule is null)
        {
            return Task.FromResult(Results.Text($"{Volatile.Read(ref _ticks)} ticks so far; the next comes from the schedule.\n"));
        }

        var tick = Interlocked.Increment(ref _ticks);
        logger.LogInformation("Tick {Tick} from schedule {Schedule} at {Now:o}", tick, schedule, DateTimeOffset.UtcNow);
        return Task.FromResult(Results.Text($"tick {tick}\n"));
    }
}
