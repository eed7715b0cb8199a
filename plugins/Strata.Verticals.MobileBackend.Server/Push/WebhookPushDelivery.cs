using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server.Push;

/// <summary>Delivers by POSTing each notification as JSON to <c>spec.push.webhook</c>; any answer but 2xx fails the attempt.</summary>
internal sealed class WebhookPushDelivery(HttpClient http, Uri webhook) : IPushDelivery
{
    /// <inheritdoc />
    public async Task DeliverAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["id"] = message.Id,
            ["userId"] = message.UserId,
            ["title"] = message.Title,
            ["body"] = message.Body,
            ["data"] = message.Data is null ? null : JsonNode.Parse(message.Data),
        };
        using var response = await http.PostAsJsonAsync(webhook, payload, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
