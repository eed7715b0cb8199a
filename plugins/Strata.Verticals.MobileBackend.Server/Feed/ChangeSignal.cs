namespace Strata.Verticals.MobileBackend.Server.Feed;

/// <summary>
/// Wakes change feeds when this process commits a change. Changes committed by another process on
/// the same database (a revision taking over) are found by the feeds' poll instead.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes every waiter.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>The task the next <see cref="Pulse"/> completes. Take it before reading, so a change in between is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;
}
