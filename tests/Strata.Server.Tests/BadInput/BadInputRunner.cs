using System.Text.Json;

namespace Strata.Server.Tests.BadInput;

/// <summary>What the host answered to one case (status 0: no answer, see <see cref="Error"/>).</summary>
internal sealed record BadInputResult(BadInputCase Case, int Status, string? MediaType, string Body, string? Error)
{
    /// <summary>Why the answer is wrong, or null: a 4xx ProblemDetails (application/problem+json with title and the same status).</summary>
    public string? Offence()
    {
        if (Error is not null)
        {
            return "no answer: " + Error;
        }

        // What the HTTP server refuses before any handler runs (a NUL in the path or in a header, a request line
        // over its limit) gets its bare 400 or 414.
        if (Status is 400 or 414 && Body.Length == 0 && MediaType is null && Case.ServerRefuses)
        {
            return null;
        }

        if (Status is < 400 or > 499)
        {
            return $"status {Status}";
        }

        if (MediaType != "application/problem+json")
        {
            return $"Content-Type {MediaType ?? "(none)"}, not application/problem+json";
        }

        try
        {
            using var problem = JsonDocument.Parse(Body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String)
            {
                return "ProblemDetails without a title";
            }

            return root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == Status
                ? null
                : "ProblemDetails without the response's status";
        }
        catch (JsonException ex)
        {
            return "body is not JSON: " + ex.Message;
        }
    }
}

/// <summary>Sends cases to a host with a bounded degree of parallelism and a time limit per request.</summary>
internal static class BadInputRunner
{
    private const int MaxBodyChars = 4_000;
    private const int MaxProblemChars = 64 << 20;

    public static async Task<IReadOnlyList<BadInputResult>> RunAsync(HttpClient http, IReadOnlyList<BadInputCase> cases, int parallelism, TimeSpan perRequest, CancellationToken cancellationToken)
    {
        var results = new BadInputResult[cases.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (index, ct) => results[index] = await SendAsync(http, cases[index], perRequest, ct));
        return results;
    }

    private static async Task<BadInputResult> SendAsync(HttpClient http, BadInputCase @case, TimeSpan perRequest, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(perRequest);
        try
        {
            var uri = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + @case.Path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var request = new HttpRequestMessage(@case.Method, uri) { Content = @case.Body?.Invoke() };

            // As a careful client sends a large body: the host may refuse it (413) before a byte of it is sent.
            request.Headers.ExpectContinue = request.Content?.Headers.ContentLength > (1 << 20);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            // A ProblemDetails is read whole (it may quote a huge input); anything else only its start, as it may stream.
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var body = await ReadSomeAsync(response.Content, problem ? MaxProblemChars : MaxBodyChars, timeout.Token);
            return new BadInputResult(@case, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BadInputResult(@case, 0, null, "", $"no answer within {perRequest.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UriFormatException)
        {
            return new BadInputResult(@case, 0, null, "", $"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
        }
    }

    private static async Task<string> ReadSomeAsync(HttpContent content, int maxChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await content.ReadAsStreamAsync(cancellationToken));
        var text = new System.Text.StringBuilder();
        var buffer = new char[16_384];
        while (text.Length < maxChars && await reader.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, maxChars - text.Length)), cancellationToken) is var n and > 0)
        {
            text.Append(buffer, 0, n);
        }

        return text.ToString();
    }

    /// <summary>Counts per category and the first offences, as the test output shows them.</summary>
    public static string Report(IReadOnlyList<BadInputResult> results, IReadOnlyList<(BadInputResult Result, string Offence)> offences, int shown)
    {
        var lines = new List<string> { $"{results.Count} cases, {offences.Count} offending" };
        foreach (var group in results.GroupBy(r => r.Case.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var statuses = string.Join(", ", group.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"));
            lines.Add($"  {group.Key,-24} {group.Count(),6}   {statuses}");
        }

        // Every kind of offence once, with its count: the first cases alone may all be one bug.
        foreach (var kind in offences.GroupBy(o => (o.Result.Case.Category, Kind: Kind(o.Offence))).OrderByDescending(g => g.Count()))
        {
            var (result, offence) = kind.First();
            lines.Add($"KIND ×{kind.Count()} [{kind.Key.Category}] {kind.Key.Kind}: e.g. {result.Case.Summary}: {result.Case.Method} {Shorten(result.Case.Path)} → {offence}; body: {Shorten(result.Body)}");
        }

        foreach (var (result, offence) in offences.Take(shown))
        {
            var body = result.Body.Length > 600 ? result.Body[..600] + "…" : result.Body;
            lines.Add($"OFFENDING [{result.Case.Category}] {result.Case.Summary}: {result.Case.Method} {Shorten(result.Case.Path)} → {offence}; body: {body}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Kind(string offence)
    {
        var detail = offence.IndexOf(':', StringComparison.Ordinal);
        return detail > 0 ? offence[..detail] : offence;
    }

    public static string Shorten(string text) => text.Length > 200 ? $"{text[..200]}…({text.Length} chars)" : text;
}
