using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>Malformed documents and queries get a 400 ProblemDetails naming every failing field's path; nothing is stored.</summary>
public sealed class DocumentValidationTests(TodoServer fixture) : IClassFixture<TodoServer>
{
    [Fact]
    public async Task A_malformed_document_is_a_400_with_every_failing_field_path()
    {
        var (client, _, _) = await fixture.Server.SignUpAsync("validate@example.com");
        using var response = await client.PostAsync(
            "/collections/todos",
            new StringContent("""{ "done": "yes", "priority": 9, "due": "tomorrow", "tags": ["a", 2, "c", false], "colour": "red" }""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["colour", "done", "due", "priority", "tags[1]", "tags[3]", "title"], errors.Select(e => e.Key).Order());
        Assert.Contains("required", errors["title"]![0]!.GetValue<string>());
        Assert.Contains("at most 5", errors["priority"]![0]!.GetValue<string>());

        var list = await client.GetFromJsonAsync<JsonObject>("/collections/todos");
        Assert.Equal(0, list!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_too_long_string_and_a_bad_patch_name_their_fields()
    {
        var (client, _, _) = await fixture.Server.SignUpAsync("patch@example.com");
        var created = await (await client.PostAsJsonAsync("/collections/todos", new { title = "ok" })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(created!["done"]!.GetValue<bool>());
        var id = created["id"]!.GetValue<string>();

        using var patch = await client.PatchAsync($"/collections/todos/{id}", JsonContent.Create(new { title = new string('x', 21), priority = 1.5 }));
        var errors = (await ProblemAsync(patch, HttpStatusCode.BadRequest))["errors"]!.AsObject();
        Assert.Equal(["priority", "title"], errors.Select(e => e.Key).Order());

        using var removeRequired = await client.PatchAsync($"/collections/todos/{id}", JsonContent.Create(new JsonObject { ["title"] = null }));
        Assert.Equal(["title"], (await ProblemAsync(removeRequired, HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));

        var unchanged = await client.GetFromJsonAsync<JsonObject>($"/collections/todos/{id}");
        Assert.Equal("ok", unchanged!["title"]!.GetValue<string>());
        Assert.Equal(1, unchanged["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{ \"title\": ", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("", "$")]
    public async Task Broken_json_is_a_400_not_a_500(string body, string path)
    {
        var (client, _, _) = await fixture.Server.SignUpAsync($"broken-{Guid.NewGuid():N}@example.com");
        using var response = await client.PostAsync("/collections/todos", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True((await ProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey(path));
    }

    [Fact]
    public async Task Bad_queries_name_each_parameter()
    {
        var (client, _, _) = await fixture.Server.SignUpAsync("query@example.com");
        using var response = await client.GetAsync("/collections/todos?filter=done:eq:maybe&filter=colour:eq:red&filter=title:like:x&sort=tags&limit=500");
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!.AsObject();
        Assert.Equal(["filter[0]", "filter[1]", "filter[2]", "limit", "sort"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Queries_filter_sort_and_page()
    {
        var (client, _, _) = await fixture.Server.SignUpAsync("pages@example.com");
        for (var i = 1; i <= 5; i++)
        {
            using var created = await client.PostAsJsonAsync("/collections/todos", new { title = $"t{i}", priority = i, done = i % 2 == 0 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var open = await client.GetFromJsonAsync<JsonObject>("/collections/todos?filter=done:eq:false&sort=-priority&limit=2");
        Assert.Equal(3, open!["total"]!.GetValue<long>());
        Assert.Equal(["t5", "t3"], open["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
        var next = await client.GetFromJsonAsync<JsonObject>("/collections/todos?filter=done:eq:false&sort=-priority&limit=2&offset=2");
        Assert.Equal(["t1"], next!["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
        var middle = await client.GetFromJsonAsync<JsonObject>("/collections/todos?filter=priority:gte:2&filter=priority:lt:4&sort=title");
        Assert.Equal(["t2", "t3"], middle!["items"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()));
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }
}
