using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>Delivery when the app names no webhook: each notification is written to the log (ids and title, not the body).</summary>
internal sealed class LoggingPushDelivery(ILogger<LoggingPushDelivery> logger) : IPushDelivery
{
    /// <inheritdoc />
    public Task DeliverAsync(PushMessage message, CancellationToken cancellationToken)
    {
        ServerLog.PushLogged(logger, message.Id, message.UserId, message.Title);
        return Task.CompletedTask;
    }
}
