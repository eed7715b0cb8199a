using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>One server with the <see cref="Specs.Matrix"/> app and its users: A (owns the documents under test), B, an admin, and nobody.</summary>
public sealed class MatrixServer : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("strata-mobile-matrix");
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly Dictionary<string, string> _ids = [];
    private ServerProcess? _server;

    internal ServerProcess Server => _server!;

    /// <summary>The client of a user of the matrix: A, B, admin or anonymous.</summary>
    public HttpClient Client(string user) => _clients[user];

    /// <summary>The user id of a signed-in user of the matrix.</summary>
    public string UserId(string user) => _ids[user];

    /// <summary>Creates a fresh document in <paramref name="collection"/> as <paramref name="user"/> and returns its id.</summary>
    public async Task<string> CreateAsync(string collection, string user)
    {
        using var response = await Client(user).PostAsJsonAsync($"/collections/{collection}", new { text = "original" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{user} could not create the document under test in {collection}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_folder.Combine("data"), Specs.Matrix);
        foreach (var (user, email) in new[] { ("A", "a@example.com"), ("B", "b@example.com"), ("admin", "admin@example.com") })
        {
            (_clients[user], _ids[user], _) = await _server.SignUpAsync(email);
        }

        _clients["anonymous"] = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }
}
