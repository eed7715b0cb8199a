using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>A server-sent events reader over a real HTTP response: one event per blank-line-terminated block.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Connects to <paramref name="path"/>, resuming after <paramref name="lastEventId"/> when given.</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var sse = new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));

        // The server's opening comment: after it, the feed's starting point is fixed.
        var first = await sse._reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith(": feed of", first);
        return sse;
    }

    /// <summary>The next event (id, event name, data), waiting at most <paramref name="timeout"/>.</summary>
    public async Task<(long Id, string Event, JsonObject Data)> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, name = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new Xunit.Sdk.XunitException("the feed ended");
            if (line.Length == 0)
            {
                if (id is not null && data is not null)
                {
                    return (long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), name ?? "message", JsonNode.Parse(data)!.AsObject());
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
