using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>The change feed delivers every change exactly once, in commit order, to a connected client, and resumes with Last-Event-ID.</summary>
public sealed class ChangeFeedTests(TodoServer fixture) : IClassFixture<TodoServer>
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_change_arrives_exactly_once_in_order_and_a_resumed_feed_continues_where_it_stopped()
    {
        var (client, userId, _) = await fixture.Server.SignUpAsync("feed@example.com");
        var (other, _, _) = await fixture.Server.SignUpAsync("feed-other@example.com");
        await using var feed = await SseClient.ConnectAsync(client, "/collections/todos/changes");

        // Three writers at once, each creating, updating and deleting; another user writes too.
        var performed = new List<(string Op, string Id, long Version)>();
        async Task WriteAsync(int writer)
        {
            for (var i = 0; i < 20; i++)
            {
                var created = await (await client.PostAsJsonAsync("/collections/todos", new { title = $"w{writer}-{i}" })).Content.ReadFromJsonAsync<JsonObject>();
                var id = created!["id"]!.GetValue<string>();
                lock (performed)
                {
                    performed.Add(("create", id, 1));
                }

                if (i % 2 == 0)
                {
                    using var update = await client.PatchAsJsonAsync($"/collections/todos/{id}", new { done = true });
                    update.EnsureSuccessStatusCode();
                    lock (performed)
                    {
                        performed.Add(("update", id, 2));
                    }
                }

                if (i % 4 == 0)
                {
                    using var delete = await client.DeleteAsync($"/collections/todos/{id}");
                    delete.EnsureSuccessStatusCode();
                    lock (performed)
                    {
                        performed.Add(("delete", id, 0));
                    }
                }

                using var noise = await other.PostAsJsonAsync("/collections/todos", new { title = "not yours" });
                noise.EnsureSuccessStatusCode();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(WriteAsync));
        Assert.Equal(105, performed.Count);

        var received = new List<(long Seq, string Op, string Id, long Version)>();
        for (var i = 0; i < performed.Count; i++)
        {
            var (seq, op, data) = await feed.NextAsync(EventTimeout);
            Assert.Equal(seq, data["seq"]!.GetValue<long>());
            Assert.Equal(op, data["op"]!.GetValue<string>());
            var document = data["document"];
            if (document is not null)
            {
                Assert.Equal(userId, document["owner"]!.GetValue<string>());
            }

            received.Add((seq, op, data["id"]!.GetValue<string>(), document?["version"]?.GetValue<long>() ?? 0));
        }

        // In order: sequence numbers strictly increase; each document's own changes come as they were made.
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "sequence numbers must increase");
        foreach (var changes in received.GroupBy(r => r.Id))
        {
            var ops = changes.Select(c => c.Op).ToList();
            Assert.Equal(1, ops.Count(o => o == "create"));
            Assert.Equal("create", ops[0]);
            Assert.True(!ops.Contains("delete") || ops[^1] == "delete", $"{changes.Key}: {string.Join(",", ops)}");
        }

        // Exactly once: the events are the changes made, with no duplicate and none missing.
        Assert.Equal(
            performed.Select(p => $"{p.Op}/{p.Id}/{p.Version}").Order(),
            received.Select(r => $"{r.Op}/{r.Id}/{r.Version}").Order());

        // Nothing more: the next event is the next change, not a repeat.
        using (var late = await client.PostAsJsonAsync("/collections/todos", new { title = "late" }))
        {
            var lateId = (await late.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            var next = await feed.NextAsync(EventTimeout);
            Assert.Equal(lateId, next.Data["id"]!.GetValue<string>());
            Assert.True(next.Id > received[^1].Seq);
            received.Add((next.Id, next.Event, lateId, 1));
        }

        // Resumed from the middle, a feed replays exactly what followed that event, in the same order.
        var middle = received[received.Count / 2];
        await using var resumed = await SseClient.ConnectAsync(client, "/collections/todos/changes", middle.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var expected = received.SkipWhile(r => r.Seq <= middle.Seq).ToList();
        foreach (var change in expected)
        {
            var (seq, op, data) = await resumed.NextAsync(EventTimeout);
            Assert.Equal((change.Seq, change.Op, change.Id), (seq, op, data["id"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task An_anonymous_client_may_not_follow_an_owner_only_feed()
    {
        using var response = await fixture.Server.Http.GetAsync("/collections/todos/changes");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
