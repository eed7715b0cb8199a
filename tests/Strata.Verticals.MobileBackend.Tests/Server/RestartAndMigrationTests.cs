using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>
/// The database outlives the server process: documents survive a SIGKILL, additive schema changes
/// move the data, and a destructive one is refused at start with the reason, leaving the data as it was.
/// </summary>
public sealed class RestartAndMigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new("strata-mobile-restart");

    private string Data => _folder.Combine("data");

    [Fact]
    public async Task Documents_users_and_tokens_survive_a_sigkill_mid_write()
    {
        List<string> acknowledged = [];
        string accessToken;
        await using (var first = await ServerProcess.StartAsync(Data, Specs.Todo))
        {
            var (client, _, session) = await first.SignUpAsync("survivor@example.com");
            accessToken = session["accessToken"]!.GetValue<string>();
            for (var i = 0; i < 50; i++)
            {
                var created = await (await client.PostAsJsonAsync("/collections/todos", new { title = $"kept {i}" })).Content.ReadFromJsonAsync<JsonObject>();
                acknowledged.Add(created!["id"]!.GetValue<string>());
            }

            // Writes in flight when the process dies: those acknowledged before must all be there after.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/collections/todos", new { title = "racing" }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = (await response.Content.ReadFromJsonAsync<JsonObject>(stop.Token))!["id"]!.GetValue<string>();
                            lock (acknowledged)
                            {
                                acknowledged.Add(id);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return;
                    }
                }
            });
            await Task.Delay(300);
            await first.KillAsync();
            await stop.CancelAsync();
            await writer;
        }

        await using var second = await ServerProcess.StartAsync(Data, Specs.Todo);
        // The same signing key (kept in the volume) still accepts the token issued before the crash.
        using var again = second.ClientWith(accessToken);
        var stored = new HashSet<string>();
        for (var offset = 0; ; offset += 100)
        {
            var page = await again.GetFromJsonAsync<JsonObject>($"/collections/todos?limit=100&offset={offset}");
            var items = page!["items"]!.AsArray();
            stored.UnionWith(items.Select(d => d!["id"]!.GetValue<string>()));
            if (items.Count < 100)
            {
                break;
            }
        }

        Assert.True(acknowledged.Count > 50, "the racing writer should have been acknowledged at least once");
        Assert.Empty(acknowledged.Except(stored));
        using var signIn = await second.Http.PostAsJsonAsync("/auth/signin", new { email = "survivor@example.com", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Adding_a_field_with_a_default_and_an_index_migrates_existing_documents()
    {
        string id;
        await using (var first = await ServerProcess.StartAsync(Data, Specs.Todo))
        {
            var (client, _, _) = await first.SignUpAsync("migrate@example.com");
            id = (await (await client.PostAsJsonAsync("/collections/todos", new { title = "before" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }

        var next = Specs.Todo.Replace("\"tags\": \"string[]\"", "\"tags\": \"string[]\", \"estimate\": { \"type\": \"int\", \"required\": true, \"default\": 3 }", StringComparison.Ordinal)
            .Replace("[\"done\", [\"done\", \"priority\"]]", "[\"done\", [\"done\", \"priority\"], \"estimate\"]", StringComparison.Ordinal);
        await using var second = await ServerProcess.StartAsync(Data, next);
        Assert.Contains("add field todos.estimate (int, default 3)", second.Output);
        Assert.Contains("add index todos(estimate)", second.Output);
        using var signIn = await second.Http.PostAsJsonAsync("/auth/signin", new { email = "migrate@example.com", password = "correct horse battery" });
        using var client2 = second.ClientWith((await signIn.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        var migrated = await client2.GetFromJsonAsync<JsonObject>($"/collections/todos/{id}");
        Assert.Equal(3, migrated!["estimate"]!.GetValue<long>());
        Assert.Equal("before", migrated["title"]!.GetValue<string>());
        Assert.Contains(await IndexesAsync(), name => name == "ix_todos_estimate");
    }

    [Theory]
    [InlineData("drop a field", "\"due\": \"datetime\",", "", "spec.collections.todos.fields.due: the field was removed")]
    [InlineData("retype a field", "\"due\": \"datetime\"", "\"due\": \"int\"", "spec.collections.todos.fields.due: the type changed from datetime to int")]
    [InlineData("require a field without default", "\"due\": \"datetime\"", "\"due\": { \"type\": \"datetime\", \"required\": true }", "spec.collections.todos.fields.due: the field became required without a default")]
    [InlineData("add a required field without default", "\"due\": \"datetime\"", "\"due\": \"datetime\", \"owner2\": { \"type\": \"string\", \"required\": true }", "spec.collections.todos.fields.owner2: a new required field needs a default")]
    [InlineData("drop a collection", "\"todos\": {", "\"tasks\": {", "spec.collections.todos: the collection was removed")]
    public async Task A_destructive_change_is_refused_at_start_and_leaves_the_data_intact(string change, string from, string to, string reason)
    {
        await using (var first = await ServerProcess.StartAsync(Data, Specs.Todo))
        {
            var (client, _, _) = await first.SignUpAsync("keep@example.com");
            for (var i = 0; i < 3; i++)
            {
                using var created = await client.PostAsJsonAsync("/collections/todos", new { title = $"keep {i}", priority = 2, due = "2026-12-01T00:00:00Z" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }

        var before = await SnapshotAsync();
        var changed = Specs.Todo.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Specs.Todo, changed);
        var (exitCode, output) = await ServerProcess.RunToExitAsync(Data, changed);
        Assert.True(exitCode == 3, $"{change}: the server should refuse to start (exit 3), exited {exitCode}:\n{output}");
        Assert.Contains(reason, output);
        Assert.Contains(reason, await File.ReadAllTextAsync(Path.Combine(Data, "schema-refused.txt")));
        Assert.Equal(before, await SnapshotAsync());

        // The previous revision's schema still serves the same documents.
        await using var again = await ServerProcess.StartAsync(Data, Specs.Todo);
        using var signIn = await again.Http.PostAsJsonAsync("/auth/signin", new { email = "keep@example.com", password = "correct horse battery" });
        using var client2 = again.ClientWith((await signIn.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        var page = await client2.GetFromJsonAsync<JsonObject>("/collections/todos?sort=title");
        Assert.Equal(["keep 0", "keep 1", "keep 2"], page!["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(Data, "schema-refused.txt")));
    }

    /// <summary>Every document row and the recorded schema, read straight from the SQLite file.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "mobile.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(collection || '|' || id || '|' || version || '|' || data, char(10)) FROM (SELECT * FROM documents ORDER BY seq) UNION ALL SELECT value FROM meta WHERE key = 'schema'";
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync())
        {
            parts.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        }

        return string.Join("\n--\n", parts);
    }

    private async Task<List<string>> IndexesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "mobile.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index'";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public void Dispose() => _folder.Dispose();
}
