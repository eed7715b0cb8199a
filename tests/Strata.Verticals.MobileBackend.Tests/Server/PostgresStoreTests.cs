using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>
/// The server over a real, throwaway PostgreSQL cluster (<c>spec.database.provider: postgres</c>, the
/// connection string in <c>STRATA_MOBILE_DATABASE</c> as the secret set gives it): owner rules,
/// queries, the change feed, a SIGKILL and a refused migration. Skipped when PostgreSQL 15 is absent.
/// </summary>
public sealed class PostgresStoreTests : IDisposable
{
    private const string Spec = """
        {
          "collections": {
            "todos": {
              "fields": { "title": { "type": "string", "required": true }, "done": { "type": "bool", "default": false }, "priority": "int", "due": "datetime" },
              "indexes": [["done", "priority"]],
              "access": "owner-only"
            }
          },
          "database": { "provider": "postgres", "connectionString": "set by the mapping's secret set" }
        }
        """;

    private readonly TempDirectory _folder = new("strata-mobile-pg-data");

    [SkippableFact]
    public async Task Documents_rules_feed_restart_and_refused_migration_on_postgres()
    {
        Skip.If(PostgresCluster.Unavailable is not null, PostgresCluster.Unavailable);
        await using var cluster = await PostgresCluster.StartAsync();
        var environment = new Dictionary<string, string> { ["STRATA_MOBILE_DATABASE"] = cluster.ConnectionString };
        string token;
        List<string> ids = [];
        await using (var server = await ServerProcess.StartAsync(_folder.Combine("data"), Spec, environment))
        {
            var (ada, _, session) = await server.SignUpAsync("ada@example.com");
            var (bob, _, _) = await server.SignUpAsync("bob@example.com");
            token = session["accessToken"]!.GetValue<string>();
            await using var feed = await SseClient.ConnectAsync(ada, "/collections/todos/changes");
            for (var i = 1; i <= 6; i++)
            {
                var created = await (await ada.PostAsJsonAsync("/collections/todos", new { title = $"t{i}", priority = i, done = i % 2 == 0 })).Content.ReadFromJsonAsync<JsonObject>();
                ids.Add(created!["id"]!.GetValue<string>());
            }

            using (var bobs = await bob.PostAsJsonAsync("/collections/todos", new { title = "bob's" }))
            {
                Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);
            }

            using (var update = await ada.PatchAsJsonAsync($"/collections/todos/{ids[0]}", new { done = true }))
            {
                Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            }

            using (var notBobs = await bob.DeleteAsync($"/collections/todos/{ids[0]}"))
            {
                Assert.Equal(HttpStatusCode.NotFound, notBobs.StatusCode);
            }

            var open = await ada.GetFromJsonAsync<JsonObject>("/collections/todos?filter=done:eq:false&sort=-priority&limit=2");
            Assert.Equal(2, open!["total"]!.GetValue<long>());
            Assert.Equal(["t5", "t3"], open["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
            Assert.Equal(1, (await bob.GetFromJsonAsync<JsonObject>("/collections/todos"))!["total"]!.GetValue<long>());

            var events = new List<(long Seq, string Op, string Id)>();
            for (var i = 0; i < 7; i++)
            {
                var (seq, op, data) = await feed.NextAsync(TimeSpan.FromSeconds(30));
                events.Add((seq, op, data["id"]!.GetValue<string>()));
            }

            Assert.Equal([.. ids.Select(id => ("create", id)), ("update", ids[0])], events.Select(e => (e.Op, e.Id)));
            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
            await server.KillAsync();
        }

        // A destructive change is refused against PostgreSQL too, and the data is left.
        var (exitCode, output) = await ServerProcess.RunToExitAsync(_folder.Combine("data"), Spec.Replace("\"priority\": \"int\"", "\"priority\": \"string\"", StringComparison.Ordinal), environment);
        Assert.True(exitCode == 3, output);
        Assert.Contains("the type changed from int to string", output);

        await using var again = await ServerProcess.StartAsync(_folder.Combine("data"), Spec, environment);
        using var client = again.ClientWith(token);
        var all = await client.GetFromJsonAsync<JsonObject>("/collections/todos?sort=title");
        Assert.Equal(["t1", "t2", "t3", "t4", "t5", "t6"], all!["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
        Assert.True(all["items"]![0]!["done"]!.GetValue<bool>());
    }

    public void Dispose() => _folder.Dispose();
}
