using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// A timer function end to end, with real processes and HTTP on 127.0.0.1: <c>strata new --template
/// timer</c>, a deploy through the host, and the Local runtime firing the function on its schedule.
/// </summary>
public sealed class FunctionsTimerEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-e2e-timer");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_timer_function_fires_on_its_schedule_and_status_shows_its_firings()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        var server = host.Url.ToString();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        host.Authorize(http);

        var created = await CliProcess.RunAsync(_root.Path, "new", "functions", "ticker", "--template", "timer", "--server", server);
        Assert.True(created.ExitCode == 0, created.ToString());
        var manifest = _root.Combine("ticker", "strata.yaml");
        Assert.Contains("schedule: \"*/5 * * * *\"", File.ReadAllText(manifest));

        // Every second (seconds first; the Local runtime takes six fields), so the test can watch two firings.
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"*/5 * * * *\"", "\"* * * * * *\"", StringComparison.Ordinal));
        var deployed = await CliProcess.RunAsync(_root.Path, "deploy", "ticker", "--server", server);
        Assert.True(deployed.ExitCode == 0, deployed + "\nhost:\n" + host.Output);

        JsonNode? schedule = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var status = await http.GetFromJsonAsync<JsonObject>(new Uri(host.Url, "/api/apps/ticker/status"));
            schedule = status!["schedules"]!.AsArray().Single();
            if (schedule!["firings"]!.GetValue<int>() >= 2 && schedule["lastOutcome"]?.GetValue<string>() == "200 OK")
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(schedule?["firings"]?.GetValue<int>() >= 2, $"fewer than two firings within 30 s: {schedule}\nhost:\n{host.Output}");
        Assert.Equal("timer", schedule!["name"]!.GetValue<string>());
        Assert.Equal("200 OK", schedule["lastOutcome"]!.GetValue<string>());
        Assert.Equal(0, schedule["failures"]!.GetValue<int>());
        Assert.NotNull(schedule["nextFireAt"]);

        // The function itself ran each time, and knew it was the schedule calling.
        var logs = await http.GetStringAsync(new Uri(host.Url, "/api/apps/ticker/logs?tail=1000"));
        Assert.True(logs.Split('\n').Count(l => l.Contains("from schedule 'timer'", StringComparison.Ordinal)) >= 2, logs);

        var cliStatus = await CliProcess.RunAsync(_root.Path, "status", "ticker", "--server", server);
        Assert.True(cliStatus.ExitCode == 0, cliStatus.ToString());
        Assert.Contains("SCHEDULE", cliStatus.Stdout);
        Assert.Contains("* * * * * *", cliStatus.Stdout);

        // A schedule that is not cron is refused at deploy with its path, and the running revision keeps firing.
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"* * * * * *\"", "\"61 * * * *\"", StringComparison.Ordinal));
        var broken = await CliProcess.RunAsync(_root.Path, "deploy", "ticker", "--server", server);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("spec.schedule", broken.Stderr);
        Assert.Contains("is not a valid cron expression", broken.Stderr);
    }
}
