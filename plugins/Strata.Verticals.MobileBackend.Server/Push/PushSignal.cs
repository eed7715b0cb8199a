namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>Wakes the <see cref="PushDispatcher"/> when a notification is queued.</summary>
internal sealed class PushSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the dispatcher.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completed by the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;
}
