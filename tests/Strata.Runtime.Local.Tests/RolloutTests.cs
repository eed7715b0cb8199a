using System.Net;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests;

public sealed class RolloutTests
{
    [Fact]
    public async Task A_new_revision_takes_over_on_the_same_uri_and_the_old_process_goes()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = "one" }))).Succeeded);
        var uri = await harness.ServiceUriAsync();
        var oldPid = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas).ProcessId!.Value;

        var result = await harness.ApplyAsync(2, RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = "two" }));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(uri, await harness.ServiceUriAsync());
        Assert.Equal("two from revision 2", await harness.GetAsync("/"));
        var status = await harness.StatusAsync();
        Assert.Equal(2, status.Revision);
        var replica = Assert.Single(Assert.Single(status.Services).Replicas);
        Assert.Equal(2, replica.Revision);
        Assert.False(RuntimeHarness.IsRunning(oldPid), $"process {oldPid} of revision 1 still runs");
    }

    [Fact]
    public async Task Requests_during_a_rollout_all_succeed()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var uri = await harness.ServiceUriAsync();

        var apply = harness.ApplyAsync(2, RuntimeHarness.Web());
        var answers = new List<string>();
        var failures = new List<string>();
        var afterApply = 0;
        for (var i = 0; i < 300 && afterApply < 10; i++)
        {
            afterApply += apply.IsCompleted ? 1 : 0;
            try
            {
                using var response = await harness.Http.GetAsync(uri, RuntimeHarness.Timeout(10));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    answers.Add(body);
                }
                else
                {
                    failures.Add($"{(int)response.StatusCode} {body}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add(ex.Message);
            }

            await Task.Delay(10);
        }

        var result = await apply.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(failures);
        Assert.Contains("hello from revision 1", answers);
        Assert.Contains("hello from revision 2", answers);
    }

    [Fact]
    public async Task A_request_in_flight_on_an_old_replica_completes_while_it_drains()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var oldPid = Assert.Single(Assert.Single((await harness.StatusAsync()).Services).Replicas).ProcessId!.Value;
        var uri = new Uri(await harness.ServiceUriAsync(), "/slow?ms=4000");

        var slow = harness.Http.GetStringAsync(uri, RuntimeHarness.Timeout());
        await Task.Delay(300);
        var apply = harness.ApplyAsync(2, RuntimeHarness.Web());
        await RuntimeHarness.EventuallyAsync(async () => (await harness.StatusAsync()).Revision == 2, seconds: 20, "revision 2 to take over");

        // The old replica is draining now (it gets SIGTERM right after the switch), with the request in flight.
        Assert.False(slow.IsCompleted, "the slow request ended before the switch; the test proves nothing");

        // The answer must come from the old process: HttpClient silently retries a GET that failed on a
        // broken connection, and the retry would reach the new replica.
        Assert.Equal($"slow from {oldPid}", await slow.WaitAsync(TimeSpan.FromSeconds(20)));
        var result = await apply.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(result.Succeeded, result.Message);
        Assert.False(RuntimeHarness.IsRunning(oldPid));
    }

    [Fact]
    public async Task A_revision_that_never_gets_ready_is_abandoned_and_the_old_one_keeps_serving()
    {
        // Long enough for revision 1 to start while the other tests load the machine (the fixture alone
        // takes up to 3 s to listen on a busy two-core box); revision 2 never gets ready anyway.
        await using var harness = new RuntimeHarness(readyTimeout: TimeSpan.FromSeconds(8));
        var probe = new HttpProbe("/healthz") { PeriodSeconds = 1 };
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web(readiness: probe))).Succeeded);

        var result = await harness.ApplyAsync(2, RuntimeHarness.Web(new Dictionary<string, string> { ["FAIL_READY"] = "1" }, readiness: probe));

        Assert.False(result.Succeeded);
        Assert.Contains("Service 'web' of revision 2", result.Message, StringComparison.Ordinal);
        Assert.Contains("not ready after 8s (GET /healthz answered 503)", result.Message, StringComparison.Ordinal);
        Assert.True(result.Message.Contains("fixture starting", StringComparison.Ordinal), result.Message);
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
        var status = await harness.StatusAsync();
        Assert.Equal(1, status.Revision);
        Assert.All(Assert.Single(status.Services).Replicas, r => Assert.Equal(1, r.Revision));
    }

    [Fact]
    public async Task A_revision_that_crashes_at_start_fails_with_its_exit_code_and_output()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);

        var result = await harness.ApplyAsync(2, RuntimeHarness.Web(new Dictionary<string, string> { ["CRASH_AT_START"] = "1" }));

        Assert.False(result.Succeeded);
        Assert.Contains("Service 'web'", result.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", result.Message, StringComparison.Ordinal);
        Assert.Contains("boom", result.Message, StringComparison.Ordinal);
        Assert.Equal("hello from revision 1", await harness.GetAsync("/"));
        Assert.Equal(1, (await harness.StatusAsync()).Revision);
    }

    [Fact]
    public async Task A_first_revision_that_crashes_leaves_nothing_running()
    {
        await using var harness = new RuntimeHarness();

        var result = await harness.ApplyAsync(1, RuntimeHarness.Web(new Dictionary<string, string> { ["CRASH_AT_START"] = "1" }));

        Assert.False(result.Succeeded);
        Assert.Contains("exited with code 3", result.Message, StringComparison.Ordinal);
        Assert.Null(await harness.Runtime.GetServiceUriAsync(RuntimeHarness.App, "web", RuntimeHarness.Timeout()));
        Assert.Null((await harness.StatusAsync()).Revision);
    }

    [Fact]
    public async Task A_missing_program_fails_the_apply_with_the_reason()
    {
        await using var harness = new RuntimeHarness();
        var workloads = RuntimeHarness.Web() with
        {
            Services = [RuntimeHarness.Web().Services[0] with { Artifact = FixtureWebApp.Artifact with { Command = ["strata-no-such-program"] } }],
        };

        var result = await harness.ApplyAsync(1, workloads);

        Assert.False(result.Succeeded);
        Assert.Contains("could not start 'strata-no-such-program'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_the_new_revision_drops_are_stopped_and_their_ports_released()
    {
        await using var harness = new RuntimeHarness();
        var web = RuntimeHarness.Web().Services[0];
        Assert.True((await harness.ApplyAsync(1, new WorkloadSet { Services = [web, web with { Name = "api" }] })).Succeeded);
        var apiUri = await harness.ServiceUriAsync("api");
        Assert.Equal(apiUri.ToString().TrimEnd('/'), await harness.GetAsync("/env/services__api__http__0"));
        var apiPid = Assert.Single((await harness.StatusAsync()).Services, s => s.Name == "api").Replicas[0].ProcessId!.Value;

        Assert.True((await harness.ApplyAsync(2, new WorkloadSet { Services = [web] })).Succeeded);

        Assert.Null(await harness.Runtime.GetServiceUriAsync(RuntimeHarness.App, "api", RuntimeHarness.Timeout()));
        Assert.False(await RuntimeHarness.AcceptsConnectionsAsync(apiUri));
        Assert.False(RuntimeHarness.IsRunning(apiPid));
        Assert.Equal("web", Assert.Single((await harness.StatusAsync()).Services).Name);
    }
}
