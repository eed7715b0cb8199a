using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>
/// Drains the push outbox: every pending notification goes to <see cref="IPushDelivery"/>, is marked
/// delivered, or stays pending for another attempt until <see cref="MaxAttempts"/>, then failed with
/// the reason. The outbox is in the database, so nothing queued is lost when the server restarts.
/// </summary>
internal sealed class PushDispatcher(IDocumentStore store, IPushDelivery delivery, PushSignal signal, ILogger<PushDispatcher> logger) : BackgroundService
{
    /// <summary>Attempts per notification.</summary>
    public const int MaxAttempts = 5;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = signal.Next;
            IReadOnlyList<PushMessage> pending = [];
            try
            {
                pending = await store.PendingPushAsync(50, stoppingToken).ConfigureAwait(false);
                foreach (var message in pending)
                {
                    try
                    {
                        await delivery.DeliverAsync(message, stoppingToken).ConfigureAwait(false);
                        await store.RecordPushAttemptAsync(message.Id, "delivered", null, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        var state = message.Attempts + 1 >= MaxAttempts ? "failed" : "pending";
                        ServerLog.PushFailed(logger, message.Id, message.Attempts + 1, ex.Message);
                        await store.RecordPushAttemptAsync(message.Id, state, ex.Message, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Back off between rounds of failed attempts; a new message wakes the dispatcher at once.
            await Task.WhenAny(next, Task.Delay(pending.Count > 0 ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5), stoppingToken)).ConfigureAwait(false);
        }
    }
}
