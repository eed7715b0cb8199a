namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>A push notification in the outbox.</summary>
/// <param name="Id">Its outbox number.</param>
/// <param name="UserId">The recipient.</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
/// <param name="Data">Extra JSON for the app, or null.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c> (after the last attempt).</param>
/// <param name="LastError">Why the last attempt failed.</param>
internal sealed record PushMessage(long Id, string UserId, string Title, string Body, string? Data, int Attempts, string State, string? LastError);
