using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// Shared mode end to end, with real processes and HTTP on 127.0.0.1: a pool app and two functions in
/// mode 'shared' deployed through the host (one of them before its pool), served by one worker process; one
/// function throwing or hanging leaves the other answering.
/// </summary>
public sealed class FunctionsSharedPoolEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-pool");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Two_shared_functions_answer_from_one_worker_and_a_throwing_or_hanging_one_does_not_affect_the_other()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);
        Write("functions-pool", "spec:\n  mode: pool\n", null);
        Write("alpha", "spec:\n  handler: Alpha.Function\n  mode: shared\n", """
            namespace Alpha;

            public sealed class Function
            {
                public Task<IResult> HandleAsync(HttpContext context) =>
                    Task.FromResult(Results.Text($"alpha from {Environment.ProcessId}"));
            }
            """);
        Write("boom", "spec:\n  handler: Boom.Function\n  mode: shared\n  timeoutSeconds: 2\n", """
            namespace Boom;

            public sealed class Function
            {
                public async Task<IResult> HandleAsync(HttpContext context)
                {
                    switch (context.Request.Query["do"].FirstOrDefault())
                    {
                        case "throw":
                            throw new InvalidOperationException("boom went off");
                        case "hang":
                            // Ignores RequestAborted on purpose: the worker must cut it at the timeout.
                            await Task.Delay(TimeSpan.FromMinutes(5));
                            break;
                    }

                    return Results.Text($"boom from {Environment.ProcessId}");
                }
            }
            """);

        // A shared function deployed before its pool (as a restarting host may restore them) waits for it:
        // no answer until the pool runs, then served without a redeploy.
        await DeployAsync(host, "alpha");
        using (var waiting = await http.GetAsync(new Uri(host.Url, "/apps/functions/alpha/")))
        {
            Assert.NotEqual(HttpStatusCode.OK, waiting.StatusCode);
        }

        await DeployAsync(host, "functions-pool");
        await DeployAsync(host, "boom");

        var pool = await http.GetFromJsonAsync<JsonObject>(new Uri(host.Url, "/api/apps/functions-pool/status"));
        var worker = pool!["services"]!.AsArray().Single()!["replicas"]!.AsArray().Single()!["processId"]!.GetValue<int>();
        Assert.Equal($"alpha from {worker}", await Get(http, host, "alpha", ""));
        Assert.Equal($"boom from {worker}", await Get(http, host, "boom", ""));

        // Through the vertical's API too (it finds the function's service, the pool's, by discovery).
        using (var invoked = await http.PostAsync(new Uri(host.Url, "/v/functions/alpha/invoke"), new StringContent("")))
        {
            Assert.Equal($"alpha from {worker}", await invoked.Content.ReadAsStringAsync());
        }

        using (var thrown = await http.GetAsync(new Uri(host.Url, "/apps/functions/boom/?do=throw")))
        {
            var body = await thrown.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
            Assert.Contains("boom", body, StringComparison.Ordinal);
            Assert.Contains("boom went off", body, StringComparison.Ordinal);
        }

        Assert.Equal($"alpha from {worker}", await Get(http, host, "alpha", ""));

        using (var hung = await http.GetAsync(new Uri(host.Url, "/apps/functions/boom/?do=hang")))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, hung.StatusCode);
            Assert.Contains("boom", await hung.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal($"alpha from {worker}", await Get(http, host, "alpha", ""));
        Assert.Equal($"boom from {worker}", await Get(http, host, "boom", ""));

        // One process served all of it: the pool's replica is the one it was.
        var after = await http.GetFromJsonAsync<JsonObject>(new Uri(host.Url, "/api/apps/functions-pool/status"));
        Assert.Equal(worker, after!["services"]!.AsArray().Single()!["replicas"]!.AsArray().Single()!["processId"]!.GetValue<int>());
    }

    private async Task DeployAsync(HostProcess host, string app)
    {
        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", host.Url.ToString());
        Assert.True(deployed.ExitCode == 0, deployed + "\nhost:\n" + host.Output);
    }

    private static async Task<string> Get(HttpClient http, HostProcess host, string app, string query)
    {
        using var response = await http.GetAsync(new Uri(host.Url, $"/apps/functions/{app}/{query}"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{app}: {(int)response.StatusCode} {body}\nhost:\n{host.Output}");
        return body;
    }

    private void Write(string app, string spec, string? handler)
    {
        var folder = _root.Combine(app);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "strata.yaml"), $"name: {app}\nvertical: functions\n{spec}");
        if (handler is not null)
        {
            File.WriteAllText(Path.Combine(folder, "Function.cs"), handler);
        }
    }
}
