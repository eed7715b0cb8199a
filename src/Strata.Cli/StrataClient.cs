using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Cli;

/// <summary>
/// Talks to a Strata host over HTTP and turns its answers into <see cref="CliException"/>s: ProblemDetails
/// into one line per field error, 401 and 403 into their own exit codes, an unreachable or silent host into
/// <see cref="CliException.Unreachable"/>.
/// </summary>
/// <param name="server">The host's URL.</param>
/// <param name="token">The bearer token sent with every request; null: none.</param>
/// <param name="timeout">How long one request may take (default: 15 minutes, a deploy builds).</param>
internal sealed class StrataClient(Uri server, string? token = null, TimeSpan? timeout = null) : IDisposable
{
    /// <summary>How a JSON answer is printed: indented, web casing.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>How long one request may take unless the constructor says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);

    private readonly HttpClient _http = Create(server, token, timeout ?? DefaultTimeout);

    /// <summary>The host's URL.</summary>
    public Uri Server { get; } = server;

    /// <summary>GETs a JSON answer.</summary>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken ct) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct).ConfigureAwait(false);

    /// <summary>POSTs <paramref name="body"/> as JSON and returns the JSON answer.</summary>
    public async Task<JsonNode?> PostJsonAsync(string path, object body, CancellationToken ct)
        => await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, ct).ConfigureAwait(false);

    /// <summary>POSTs <paramref name="content"/> and returns the JSON answer.</summary>
    public async Task<JsonNode?> PostAsync(string path, HttpContent content, CancellationToken ct)
        => await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, ct).ConfigureAwait(false);

    /// <summary>GETs a text answer (e.g. YAML) with its response headers.</summary>
    public async Task<(string Text, System.Net.Http.Headers.HttpResponseHeaders Headers)> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        return (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false), response.Headers);
    }

    /// <summary>DELETEs and returns the JSON answer.</summary>
    public async Task<JsonNode?> DeleteAsync(string path, CancellationToken ct) => await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), ct).ConfigureAwait(false);

    /// <summary>GETs a streamed text answer (e.g. followed logs).</summary>
    public async Task<Stream> GetStreamAsync(string path, CancellationToken ct)
    {
        var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
    }

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new CliException(CliException.HostRefused, $"error: {Server} answered {request.Method} {request.RequestUri} with something that is not JSON; is --server a Strata host?");
        }
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
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(CliException.Unreachable, $"error: the Strata host at {Server} did not answer {request.Method} {request.RequestUri} within {_http.Timeout.TotalSeconds:0} s.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RefusalAsync(response, ct).ConfigureAwait(false);
        }
    }

    private static HttpClient Create(Uri server, string? token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>What a refusal means for the user: 401 and 403 say what to do about the token; the rest are the host's problem lines.</summary>
    private async Task<CliException> RefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status is 401 or 403)
        {
            var problem = await ProblemAsync(response, ct).ConfigureAwait(false);
            var detail = Text(problem?["detail"]) ?? Text(problem?["title"]) ?? response.ReasonPhrase ?? (status == 401 ? "Unauthorized" : "Forbidden");
            return status == 401
                ? new CliException(CliException.Unauthorized, string.IsNullOrEmpty(token)
                    ? $"error: the host wants a token: {detail} (401); run 'strata login --server {Server}' or set STRATA_TOKEN."
                    : $"error: the host refused the token: {detail} (401); run 'strata login --server {Server}' or set STRATA_TOKEN.")
                : new CliException(CliException.Forbidden, $"error: the token may not do this: {detail} (403); use a token with the scope it needs, or ask an admin for one.");
        }

        return new CliException(CliException.HostRefused, await ProblemLinesAsync(response, ct).ConfigureAwait(false));
    }

    private static async Task<JsonObject?> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            return text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static async Task<IReadOnlyList<string>> ProblemLinesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        // Not ProblemDetails (null): the status line alone.
        var problem = await ProblemAsync(response, ct).ConfigureAwait(false);
        if (problem?["errors"] is JsonObject errors && errors.Count > 0)
        {
            return [.. errors.SelectMany(e => (e.Value as JsonArray ?? []).Select(m => $"error: {e.Key}: {m}"))];
        }

        var title = Text(problem?["title"]) ?? response.ReasonPhrase ?? "request failed";
        var detail = Text(problem?["detail"]);
        return [$"error: {title}{(detail is null ? "" : ": " + detail)} ({(int)response.StatusCode})"];
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
