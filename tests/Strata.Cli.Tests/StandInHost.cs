using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strata.Cli.Tests;

/// <summary>
/// A stand-in for the Strata host on 127.0.0.1: answers canned JSON per method and path. The thing under test
/// is the CLI; the end-to-end tests cover the real host.
/// </summary>
internal sealed class StandInHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body, string ContentType)> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);

    private StandInHost(WebApplication app) => _app = app;

    /// <summary>The stand-in's URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The requests it received, as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<StandInHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var host = new StandInHost(app);
        app.Run(host.AnswerAsync);
        await app.StartAsync();
        host.Url = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="json"/>.</summary>
    public StandInHost Answer(string method, string path, JsonNode json, int status = 200)
        => Answer(method, path, json.ToJsonString(), status, status >= 400 ? "application/problem+json" : "application/json");

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="body"/> as it is.</summary>
    public StandInHost Answer(string method, string path, string body, int status, string contentType)
    {
        _answers[$"{method} {path}"] = (status, body, contentType);
        return this;
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> only after <paramref name="delay"/>, as a host that builds.</summary>
    public StandInHost Delay(string method, string path, TimeSpan delay)
    {
        _delays[$"{method} {path}"] = delay;
        return this;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        // Read what was sent (a deploy uploads a tar.gz) so the client is never cut off mid-request.
        await context.Request.Body.CopyToAsync(Stream.Null);
        if (_delays.TryGetValue($"{context.Request.Method} {context.Request.Path}", out var delay))
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (!_answers.TryGetValue($"{context.Request.Method} {context.Request.Path}", out var answer))
        {
            answer = (404, """{"title":"Not Found","status":404,"detail":"The stand-in has no answer for this."}""", "application/problem+json");
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
