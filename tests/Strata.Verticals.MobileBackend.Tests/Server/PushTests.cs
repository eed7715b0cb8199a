using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>The push outbox delivers through its webhook (a real HTTP receiver on loopback), retrying a failed attempt.</summary>
public sealed class PushTests : IDisposable
{
    private readonly TempDirectory _folder = new("strata-mobile-push");

    [Fact]
    public async Task A_queued_notification_is_delivered_to_the_webhook_after_a_failed_attempt()
    {
        var received = new List<JsonObject>();
        var attempts = 0;
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<JsonObject>();
            lock (received)
            {
                if (++attempts == 1)
                {
                    return Results.StatusCode(503);
                }

                received.Add(body!);
            }

            return Results.Ok();
        });
        await receiver.StartAsync();

        var spec = $$"""{ "collections": { "notes": { "fields": { "text": "string" } } }, "push": { "send": "authenticated", "webhook": "http://127.0.0.1:{{port}}/hook" } }""";
        await using var server = await ServerProcess.StartAsync(_folder.Combine("data"), spec);
        var (sender, _, _) = await server.SignUpAsync("sender@example.com");
        var (target, targetId, _) = await server.SignUpAsync("target@example.com");

        using var queued = await sender.PostAsJsonAsync("/push", new { userId = targetId, title = "Milk!", body = "Do not forget", data = new { list = 1 } });
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        using var invalid = await sender.PostAsJsonAsync("/push", new { userId = "nobody" });
        Assert.Equal(["title", "userId"], (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Order());

        JsonArray? outbox = null;
        for (var i = 0; i < 100; i++)
        {
            outbox = await target.GetFromJsonAsync<JsonArray>("/push/outbox");
            if (outbox![0]!["state"]!.GetValue<string>() == "delivered")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("delivered", outbox![0]!["state"]!.GetValue<string>());
        Assert.Equal(2, outbox[0]!["attempts"]!.GetValue<int>());
        var delivered = Assert.Single(received);
        Assert.Equal((targetId, "Milk!", "Do not forget", 1), (delivered["userId"]!.GetValue<string>(), delivered["title"]!.GetValue<string>(), delivered["body"]!.GetValue<string>(), delivered["data"]!["list"]!.GetValue<int>()));
    }

    public void Dispose() => _folder.Dispose();
}
