using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The sample function deployed for real (host, CLI, build, Local runtime, gateway) and served by the
/// functions worker: its state through the vertical's API, and healing after the worker is SIGKILLed.
/// </summary>
public sealed class FunctionsWorkerEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-worker");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_deployed_function_reports_its_cold_start_and_answers_again_after_its_worker_is_killed()
    {
        var app = _root.Combine("hello-function");
        CopyFolder(Path.Combine(RepoPaths.Root, "samples", "hello-function"), app);
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);
        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", host.Url.ToString());
        Assert.True(deployed.ExitCode == 0, deployed + "\nhost:\n" + host.Output);

        var url = new Uri(host.Url, "/apps/functions/hello-function/?name=e2e");
        Assert.Equal("Hello from Strata, e2e!\n", await http.GetStringAsync(url));
        var state = await StateAsync(http, host.Url);
        var function = Assert.Single(state["functions"]!.AsArray())!;
        Assert.Equal("hello-function", function["app"]!.GetValue<string>());
        Assert.Equal("warm", function["state"]!.GetValue<string>());
        Assert.Equal(1, function["coldStarts"]!.GetValue<long>());
        Assert.Equal(1, function["invocations"]!.GetValue<long>());

        // SIGKILL the worker, as the OOM killer would: the runtime starts a new one, which loads the function again.
        var killed = state["processId"]!.GetValue<int>();
        Process.GetProcessById(killed).Kill();
        string? answer = null;
        for (var attempt = 0; attempt < 120 && answer is null; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(url);
                answer = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            }
            catch (HttpRequestException)
            {
                // The gateway may refuse while no replica is ready.
            }

            if (answer is null)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(answer is not null, "No answer within 30 s of killing the worker.\nhost:\n" + host.Output);
        Assert.Equal("Hello from Strata, e2e!\n", answer);
        var after = await StateAsync(http, host.Url);
        Assert.NotEqual(killed, after["processId"]!.GetValue<int>());
        Assert.Equal(1, after["functions"]![0]!["coldStarts"]!.GetValue<long>());

        using var unknown = await http.GetAsync(new Uri(host.Url, "/v/functions/nobody/state"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<JsonNode> StateAsync(HttpClient http, Uri host)
    {
        using var response = await http.GetAsync(new Uri(host, "/v/functions/hello-function/state"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
