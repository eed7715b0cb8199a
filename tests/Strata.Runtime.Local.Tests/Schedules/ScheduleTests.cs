using Strata.Core.Runtime;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Schedules;

/// <summary>Scheduled requests fired by the runtime at a real service process over loopback HTTP.</summary>
public sealed class ScheduleTests(ITestOutputHelper output)
{
    private const string EverySecond = "* * * * * *";

    // The fixture prints one line per call of POST /print?lines=1: "0000000000 xxxx…".
    private const string PrintPath = "/print?lines=1&width=40";

    private static WorkloadSet Scheduled(WorkloadSet set, string cron, string path = PrintPath, string method = "POST") => set with
    {
        Schedules = [new ScheduledRequest { Name = "tick", Schedule = cron, Service = "web", Path = path, Method = method }],
    };

    [Fact]
    public async Task An_every_second_schedule_fires_at_the_service_and_status_shows_last_and_next_firing()
    {
        await using var harness = new RuntimeHarness(logs: new RecordingLoggerProvider(output));
        Assert.True((await harness.ApplyAsync(1, Scheduled(RuntimeHarness.Web(), EverySecond))).Succeeded);

        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(PrintedLines(harness) >= 2), seconds: 20, "two firings printed by the service");

        var status = Assert.Single((await harness.StatusAsync()).Schedules);
        Assert.Equal(("tick", EverySecond), (status.Name, status.Schedule));
        Assert.True(status.Firings >= 2, $"firings: {status.Firings}");
        Assert.Equal("200 OK", status.LastOutcome);
        Assert.Equal(0, status.Failures);
        Assert.NotNull(status.LastFiredAt);
        Assert.True(status.NextFireAt > status.LastFiredAt, $"next {status.NextFireAt:o} after last {status.LastFiredAt:o}");
    }

    [Fact]
    public async Task A_firing_wakes_a_service_that_was_scaled_to_zero()
    {
        var logs = new RecordingLoggerProvider(output);
        await using var harness = new RuntimeHarness(configure: o => o with
        {
            AutoscaleInterval = TimeSpan.FromMilliseconds(200),
            ScaleDownDelay = TimeSpan.FromSeconds(1),
        }, logs: logs);
        var web = RuntimeHarness.Service(s => s with { Autoscale = new AutoscaleBounds(0, 1) { ScaleToZeroAfterSeconds = 1 } });
        // Every 15 s: long enough for the idle service to reach zero between two firings.
        Assert.True((await harness.ApplyAsync(1, Scheduled(web, "*/15 * * * * *"))).Succeeded);

        await RuntimeHarness.EventuallyAsync(async () => await harness.WebStatusAsync() is { DesiredReplicas: 0, Replicas.Count: 0 }, seconds: 15, "the idle service to be scaled to zero");
        var atZero = DateTimeOffset.UtcNow;

        // Only the schedule calls the service, so a cold start after zero is the schedule's doing.
        await RuntimeHarness.EventuallyAsync(
            async () => Assert.Single((await harness.StatusAsync()).Schedules) is { LastOutcome: "200 OK" } s && s.LastFiredAt > atZero,
            seconds: 40,
            "a firing after the service reached zero to be answered");
        Assert.Contains(logs.Messages, m => m.Id.Id == 103 && m.Message.Contains("service web of app tests/demo", StringComparison.Ordinal));
        Assert.True(PrintedLines(harness) >= 1);
    }

    [Fact]
    public async Task A_failing_firing_is_counted_and_logged_and_the_schedule_and_the_service_go_on()
    {
        var logs = new RecordingLoggerProvider(output);
        await using var harness = new RuntimeHarness(logs: logs);
        Assert.True((await harness.ApplyAsync(1, Scheduled(RuntimeHarness.Web(), EverySecond, path: "/no-such-path", method: "GET"))).Succeeded);

        await RuntimeHarness.EventuallyAsync(
            async () => Assert.Single((await harness.StatusAsync()).Schedules) is { Failures: >= 2, LastOutcome: "404 Not Found" },
            seconds: 20,
            "two failed firings");
        Assert.Contains(logs.Messages, m => m.Id.Id == 302 && m.Message.Contains("404", StringComparison.Ordinal));
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
    }

    [Fact]
    public async Task A_new_revision_replaces_the_schedules_and_deleting_the_app_stops_them()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, Scheduled(RuntimeHarness.Web(), EverySecond))).Succeeded);
        Assert.Single((await harness.StatusAsync()).Schedules);

        Assert.True((await harness.ApplyAsync(2, RuntimeHarness.Web())).Succeeded);
        Assert.Empty((await harness.StatusAsync()).Schedules);

        Assert.True((await harness.ApplyAsync(3, Scheduled(RuntimeHarness.Web(), EverySecond))).Succeeded);
        await RuntimeHarness.EventuallyAsync(async () => Assert.Single((await harness.StatusAsync()).Schedules).Firings >= 1, seconds: 20, "a firing of revision 3's schedule");
        await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout());
        Assert.Empty((await harness.StatusAsync()).Schedules);
    }

    [Theory]
    [InlineData("61 * * * *", "is not a valid cron expression")]
    [InlineData("every minute", "is not a cron expression")]
    public async Task A_bad_cron_expression_fails_the_apply_naming_the_schedule(string cron, string reason)
    {
        await using var harness = new RuntimeHarness();

        var result = await harness.ApplyAsync(1, Scheduled(RuntimeHarness.Web(), cron));

        Assert.False(result.Succeeded);
        Assert.Contains("schedules[0].schedule (schedule 'tick')", result.Message);
        Assert.Contains(reason, result.Message);
        Assert.Null((await harness.StatusAsync()).Revision);
    }

    private static int PrintedLines(RuntimeHarness harness) =>
        harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new LogQuery { Tail = 1000 }, CancellationToken.None)
            .ToBlockingEnumerable()
            .Count(e => e.Line.StartsWith("0000000000 ", StringComparison.Ordinal));
}
