using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests;

public sealed class DeployTests
{
    private static readonly Dictionary<string, string> Hi = new() { ["GREETING"] = "hi there" };

    [Fact]
    public async Task Apply_serves_the_app_on_the_service_uri_and_status_shows_a_ready_replica()
    {
        await using var harness = new RuntimeHarness();

        var result = await harness.ApplyAsync(1, RuntimeHarness.Web(Hi));

        Assert.True(result.Succeeded, result.Message);
        var uri = await harness.ServiceUriAsync();
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.Equal("hi there from revision 1", await harness.GetAsync("/"));

        var status = await harness.StatusAsync();
        Assert.Equal(1, status.Revision);
        var web = Assert.Single(status.Services);
        Assert.Equal(("web", 1, 1, uri), (web.Name, web.DesiredReplicas, web.ReadyReplicas, web.Uri));
        var replica = Assert.Single(web.Replicas);
        Assert.Equal(ReplicaState.Ready, replica.State);
        Assert.True(replica.ProcessId is { } pid && RuntimeHarness.IsRunning(pid));
        Assert.NotEqual(uri.Port, replica.Endpoint!.Port);
        Assert.StartsWith("demo-web-r1-1-", replica.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replicas_get_the_discovery_environment_and_config_under_their_own_env()
    {
        await using var harness = new RuntimeHarness();
        var workloads = RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = "explicit" }) with
        {
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["GREETING"] = "from-config", ["FROM_CONFIG"] = "c" } }],
            Secrets = [new SecretSet { Name = "keys", Data = new Dictionary<string, string> { ["API_KEY"] = "s3cret" } }],
        };
        workloads = workloads with { Services = [workloads.Services[0] with { EnvFrom = ["settings", "keys"] }] };

        var result = await harness.ApplyAsync(1, workloads);

        Assert.True(result.Succeeded, result.Message);
        var uri = await harness.ServiceUriAsync();
        var replica = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas);
        Assert.Equal(uri.ToString().TrimEnd('/'), await harness.GetAsync("/env/services__web__http__0"));
        Assert.Equal("demo", await harness.GetAsync("/env/STRATA_APP"));
        Assert.Equal("tests", await harness.GetAsync("/env/STRATA_VERTICAL"));
        Assert.Equal("1", await harness.GetAsync("/env/STRATA_REVISION"));
        Assert.Equal(replica.Endpoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), await harness.GetAsync("/env/PORT"));
        Assert.Equal($"http://127.0.0.1:{replica.Endpoint.Port}", await harness.GetAsync("/env/ASPNETCORE_URLS"));
        Assert.Equal("c", await harness.GetAsync("/env/FROM_CONFIG"));
        Assert.Equal("s3cret", await harness.GetAsync("/env/API_KEY"));
        Assert.Equal("explicit from revision 1", await harness.GetAsync("/"));
    }

    [Fact]
    public async Task Logs_hold_the_startup_lines_in_memory_and_in_the_replica_log_file()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var replica = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas);

        var lines = new List<LogEntry>();
        await foreach (var entry in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new LogQuery { Workload = "web", Tail = 50 }, RuntimeHarness.Timeout()))
        {
            lines.Add(entry);
        }

        var startup = Assert.Single(lines, l => l.Line.StartsWith("fixture starting", StringComparison.Ordinal));
        Assert.Equal((replica.Id, "stdout"), (startup.Source, startup.Stream));
        Assert.Empty(await ReadAllAsync(harness, new LogQuery { Workload = "other" }));

        var file = Path.Combine(harness.DataDirectory, "logs", "tests", "demo", replica.Id + ".log");
        Assert.Contains("fixture starting", await File.ReadAllTextAsync(file, RuntimeHarness.Timeout()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_logs_streams_lines_written_later()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        var follow = Task.Run(async () =>
        {
            try
            {
                await foreach (var entry in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new LogQuery { Tail = 0, Follow = true }, stop.Token))
                {
                    lock (seen)
                    {
                        seen.Add(entry.Line);
                    }

                    if (entry.Line.Contains("revision 2", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timed out: the assertion below says so.
            }
        });

        Assert.True((await harness.ApplyAsync(2, RuntimeHarness.Web())).Succeeded);
        await follow.WaitAsync(TimeSpan.FromSeconds(30));

        lock (seen)
        {
            Assert.Contains(seen, l => l.StartsWith("fixture starting", StringComparison.Ordinal) && l.EndsWith("revision 2", StringComparison.Ordinal));
            Assert.DoesNotContain(seen, l => l.EndsWith("revision 1", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Applying_the_serving_revision_again_changes_nothing()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var before = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas);

        var again = await harness.ApplyAsync(1, RuntimeHarness.Web());

        Assert.True(again.Succeeded, again.Message);
        var after = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas);
        Assert.Equal((before.Id, before.ProcessId), (after.Id, after.ProcessId));
    }

    [Fact]
    public async Task A_set_with_an_invalid_job_is_refused_before_anything_starts()
    {
        await using var harness = new RuntimeHarness();
        var workloads = RuntimeHarness.Web() with { Jobs = [new JobWorkload { Name = "migrate", Artifact = FixtureWebApp.Artifact, Completions = 0 }] };

        var result = await harness.ApplyAsync(1, workloads);

        Assert.False(result.Succeeded);
        Assert.Contains("Job 'migrate': completions is 0", result.Message, StringComparison.Ordinal);
        Assert.Null(await harness.Runtime.GetServiceUriAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
    }

    private static async Task<List<LogEntry>> ReadAllAsync(RuntimeHarness harness, LogQuery query)
    {
        var lines = new List<LogEntry>();
        await foreach (var entry in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, query, RuntimeHarness.Timeout()))
        {
            lines.Add(entry);
        }

        return lines;
    }
}
