using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>
/// Users × rules × verbs against a real server: each cell creates a fresh document owned by the
/// collection's writer (A; the admin for announcements), lets one user try one verb, and checks
/// the answer and, for a refused change, that the document is still exactly as it was.
/// </summary>
public sealed class AccessMatrixTests(MatrixServer fixture) : IClassFixture<MatrixServer>
{
    // Expected status per verb: get, list (200 + whether the document is listed, or the status), create, update, delete.
    // "seen"/"unseen" are 200 answers of the list; a number is the status.
    public static TheoryData<string, string, string, string> Cells()
    {
        var table = new (string Collection, string User, string Get, string List, string Create, string Update, string Delete)[]
        {
            ("notes", "A", "200", "seen", "201", "200", "204"),
            ("notes", "B", "404", "unseen", "201", "404", "404"),
            ("notes", "admin", "404", "unseen", "201", "404", "404"),
            ("notes", "anonymous", "401", "401", "401", "401", "401"),
            ("posts", "A", "200", "seen", "201", "200", "204"),
            ("posts", "B", "200", "seen", "201", "404", "404"),
            ("posts", "admin", "200", "seen", "201", "404", "404"),
            ("posts", "anonymous", "200", "seen", "401", "401", "401"),
            ("team", "A", "200", "seen", "201", "200", "204"),
            ("team", "B", "404", "unseen", "201", "404", "404"),
            ("team", "admin", "200", "seen", "201", "200", "204"),
            ("team", "anonymous", "401", "401", "401", "401", "401"),
            ("announcements", "A", "200", "seen", "403", "403", "403"),
            ("announcements", "B", "200", "seen", "403", "403", "403"),
            ("announcements", "admin", "200", "seen", "201", "200", "204"),
            ("announcements", "anonymous", "200", "seen", "401", "401", "401"),
        };
        var cells = new TheoryData<string, string, string, string>();
        foreach (var row in table)
        {
            cells.Add(row.Collection, row.User, "get", row.Get);
            cells.Add(row.Collection, row.User, "list", row.List);
            cells.Add(row.Collection, row.User, "create", row.Create);
            cells.Add(row.Collection, row.User, "update", row.Update);
            cells.Add(row.Collection, row.User, "delete", row.Delete);
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string collection, string user, string verb, string expected)
    {
        var owner = collection == "announcements" ? "admin" : "A";
        var id = await fixture.CreateAsync(collection, owner);
        var client = fixture.Client(user);
        using var response = verb switch
        {
            "get" => await client.GetAsync($"/collections/{collection}/{id}"),
            "list" => await client.GetAsync($"/collections/{collection}?limit=100&sort=-createdAt"),
            "create" => await client.PostAsJsonAsync($"/collections/{collection}", new { text = "new" }),
            "update" => await client.PatchAsJsonAsync($"/collections/{collection}/{id}", new { text = "changed" }),
            _ => await client.DeleteAsync($"/collections/{collection}/{id}"),
        };
        var body = await response.Content.ReadAsStringAsync();
        var cell = $"{user} {verb} {collection}: {(int)response.StatusCode} {body}";
        if (expected is "seen" or "unseen")
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, cell);
            var ids = JsonNode.Parse(body)!["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).ToList();
            Assert.True(ids.Contains(id) == (expected == "seen"), $"expected {expected}; {cell}");
            if (expected == "unseen")
            {
                // An owner-only reader lists their own documents and no one else's.
                Assert.All(JsonNode.Parse(body)!["items"]!.AsArray(), d => Assert.Equal(fixture.UserId(user), d!["owner"]?.GetValue<string>()));
            }
        }
        else
        {
            Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == expected, $"expected {expected}; {cell}");
        }

        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (verb is "update" or "delete" && !response.IsSuccessStatusCode)
        {
            // Refused: the owner still reads the document as it was.
            var original = await fixture.Client(owner).GetFromJsonAsync<JsonObject>($"/collections/{collection}/{id}");
            Assert.Equal("original", original!["text"]!.GetValue<string>());
            Assert.Equal(1, original["version"]!.GetValue<long>());
        }
        else if (verb == "update")
        {
            Assert.Equal("changed", JsonNode.Parse(body)!["text"]!.GetValue<string>());
        }
        else if (verb == "delete")
        {
            using var gone = await fixture.Client(owner).GetAsync($"/collections/{collection}/{id}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }
}
