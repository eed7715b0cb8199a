using System.Text.Json.Nodes;

namespace Strata.EndToEnd.Tests;

/// <summary>Reads a server-sent event stream to its end (bounded), keeping each event's name and JSON data.</summary>
internal static class SimulationEvents
{
    public static async Task<List<(string Name, JsonObject Data)>> ReadAllAsync(HttpClient http, Uri uri, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = new List<(string, JsonObject)>();
        var name = "message";
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name, JsonNode.Parse(line["data: ".Length..])!.AsObject()));
            }
        }

        return events;
    }
}
