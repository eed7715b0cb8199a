using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The functions samples deployed as a user would (host, CLI, build, Local runtime, gateway), with real
/// processes and HTTP on 127.0.0.1: a function calling another, and the timer function firing.
/// </summary>
public sealed class FunctionsSamplesEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-samples");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Hello_caller_relays_hello_functions_greeting_through_the_gateway()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);
        // The sample names hello-function in caas.uses, not an address: this host listens on a port of its own
        // (`strata up --port 0`), and the caller must still find the callee through it.
        var caller = Sample("hello-caller");
        Assert.DoesNotContain("127.0.0.1", File.ReadAllText(Path.Combine(caller, "strata.yaml")), StringComparison.Ordinal);

        // Deployed before its callee: it answers with a clear 502 until hello-function runs.
        await DeployAsync(host, caller);
        using (var early = await http.GetAsync(new Uri(host.Url, "/apps/functions/hello-caller/?name=early")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, early.StatusCode);
            Assert.Contains("hello-function failed", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await DeployAsync(host, Sample("hello-function"));
        Assert.Equal("hello-caller relayed: Hello from Strata, e2e!\n", await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-caller/?name=e2e")));
    }

    [Fact]
    public async Task Hello_caller_reaches_hello_function_served_by_a_shared_pool_through_the_same_key()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);
        var callee = Sample("hello-function");
        var manifest = Path.Combine(callee, "strata.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("  timeoutSeconds: 30\n", "  timeoutSeconds: 30\n  mode: shared\n", StringComparison.Ordinal));
        Assert.Contains("mode: shared", File.ReadAllText(manifest), StringComparison.Ordinal);

        await DeployAsync(host, Sample("functions-pool"));
        await DeployAsync(host, callee);
        await DeployAsync(host, Sample("hello-caller"));

        // The key names the callee's gateway route; the pool's worker tells hello-function apart by its prefix.
        var relayed = await http.GetStringAsync(new Uri(host.Url, "/apps/functions/hello-caller/?name=pool"));
        Assert.StartsWith("hello-caller relayed: ", relayed, StringComparison.Ordinal);
        Assert.Contains("pool!", relayed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timer_sample_fires_and_counts_its_ticks()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);
        var timer = Sample("timer-function");
        var manifest = Path.Combine(timer, "strata.yaml");
        // Every second instead of every minute, so the test waits seconds.
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("schedule: \"* * * * *\"", "schedule: \"* * * * * *\"", StringComparison.Ordinal));
        Assert.Contains("\"* * * * * *\"", File.ReadAllText(manifest));
        await DeployAsync(host, timer);

        var clock = Stopwatch.StartNew();
        var ticks = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && ticks < 2)
        {
            // The function answers a plain call with the ticks the schedule gave it.
            var answer = await http.GetStringAsync(new Uri(host.Url, "/apps/functions/timer-function/"));
            ticks = int.Parse(answer.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(200);
        }

        Assert.True(ticks >= 2, $"{ticks} ticks within 30 s\nhost:\n{host.Output}");
        var status = await http.GetFromJsonAsync<JsonObject>(new Uri(host.Url, "/api/apps/timer-function/status"));
        var schedule = status!["schedules"]!.AsArray().Single()!;
        Assert.True(schedule["firings"]!.GetValue<int>() >= 2, schedule.ToJsonString());
        Assert.Equal(0, schedule["failures"]!.GetValue<int>());
    }

    private string Sample(string name)
    {
        var target = _root.Combine(name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples", name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private async Task DeployAsync(HostProcess host, string app)
    {
        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", app, "--server", host.Url.ToString());
        Assert.True(deployed.ExitCode == 0, deployed + "\nhost:\n" + host.Output);
    }
}
