using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>
/// Hands a notification from the outbox to whatever delivers it (a push service, a webhook).
/// Throw to fail the attempt: the outbox retries, then marks it failed with the reason.
/// </summary>
internal interface IPushDelivery
{
    /// <summary>Delivers one notification.</summary>
    Task DeliverAsync(PushMessage message, CancellationToken cancellationToken);
}
