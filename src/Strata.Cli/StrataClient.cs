using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Cli;

/// <summary>Talks to a Strata host over HTTP and turns its ProblemDetails into readable lines.</summary>
internal sealed class StrataClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly HttpClient _http;

    /// <summary>A client of <paramref name="server"/> that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public StrataClient(Uri server, string? token = null)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(15) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri Server { get; }

    public async Task<JsonNode?> GetAsync(string path, CancellationToken ct) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct).ConfigureAwait(false);

    public async Task<JsonNode?> PostJsonAsync(string path, object body, CancellationToken ct)
        => await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, ct).ConfigureAwait(false);

    public async Task<JsonNode?> PostAsync(string path, HttpContent content, CancellationToken ct)
        => await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, ct).ConfigureAwait(false);

    /// <summary>GETs a text answer (e.g. YAML) with its response headers.</summary>
    public async Task<(string Text, System.Net.Http.Headers.HttpResponseHeaders Headers)> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        return (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false), response.Headers);
    }

    public async Task<JsonNode?> DeleteAsync(string path, CancellationToken ct) => await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), ct).ConfigureAwait(false);

    public async Task<Stream> GetStreamAsync(string path, CancellationToken ct)
    {
        var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
    }

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(CliException.Unreachable, $"error: cannot reach the Strata host at {Server} ({ex.Message}); start one with 'strata up' or pass --server.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var lines = await ProblemLinesAsync(response, ct).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                System.Net.HttpStatusCode.Unauthorized => new CliException(CliException.Unauthenticated,
                    [.. lines, $"hint: run 'strata login --server {Server}' with a token (strata up prints the first admin token), or set STRATA_TOKEN."]),
                System.Net.HttpStatusCode.Forbidden => new CliException(CliException.Forbidden, lines),
                _ => new CliException(CliException.HostRefused, lines),
            };
        }
    }

    private static async Task<IReadOnlyList<string>> ProblemLinesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        JsonNode? problem = null;
        try
        {
            problem = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            // Not ProblemDetails: show the status line alone.
        }

        if (problem?["errors"] is JsonObject errors && errors.Count > 0)
        {
            return [.. errors.SelectMany(e => (e.Value as JsonArray ?? []).Select(m => $"error: {e.Key}: {m}"))];
        }

        var title = problem?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "request failed";
        var detail = problem?["detail"]?.GetValue<string>();
        return [$"error: {title}{(detail is null ? "" : ": " + detail)} ({(int)response.StatusCode})"];
    }

    public void Dispose() => _http.Dispose();
}
