using System.Diagnostics;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class JobStopTests
{
    // The shell waits on a child, as scripts do; sh does not pass SIGTERM on, so a stop must reach the child itself.
    private const string LongTask = """
        echo "$STRATA_REVISION-$JOB_COMPLETION_INDEX" >> "$D/started"
        echo $$ > "$D/pid-sh-$STRATA_REVISION-$JOB_COMPLETION_INDEX"
        sleep 30 &
        echo $! > "$D/pid-sleep-$STRATA_REVISION-$JOB_COMPLETION_INDEX"
        wait
        """;

    [Fact]
    public async Task A_job_past_its_active_deadline_fails_and_its_processes_are_stopped()
    {
        await using var harness = new JobHarness();
        var clock = Stopwatch.StartNew();

        await harness.ApplyAsync(1, harness.Job(LongTask, completions: 4, parallelism: 2, deadlineSeconds: 1));
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(harness.Pids("pid-").Count == 4), 10, "both tasks started");
        var status = await harness.WaitForStateAsync("Failed", seconds: 10);

        Assert.Equal("deadline exceeded after 1s", status.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await JobHarness.AllGoneAsync(harness.Pids("pid-"), seconds: 5);
        await RuntimeHarness.EventuallyAsync(async () => (status = await harness.JobAsync()).Active == 0, 5, "no task active");
        Assert.Equal((0, 0), (status.Succeeded, status.Failed));
        Assert.Equal(["Failed", "Failed", "Cancelled", "Cancelled"], status.Tasks.Select(t => t.State));
        Assert.Equal(2, harness.Lines("started").Length);
    }

    [Fact]
    public async Task Cancel_stops_the_running_tasks_and_starts_no_more()
    {
        await using var harness = new JobHarness();

        await harness.ApplyAsync(1, harness.Job(LongTask, completions: 3));
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(harness.Pids("pid-").Count == 2), 10, "the first task started");
        await harness.Runtime.CancelJobAsync(RuntimeHarness.App, "work", RuntimeHarness.Timeout());

        var status = await harness.JobAsync();
        Assert.Equal(("Cancelled", 0), (status.State, status.Active));
        Assert.Equal(["Cancelled", "Cancelled", "Cancelled"], status.Tasks.Select(t => t.State));
        await JobHarness.AllGoneAsync(harness.Pids("pid-"), seconds: 5);
        await Task.Delay(500);
        Assert.Equal(["1-0"], harness.Lines("started"));
    }

    [Fact]
    public async Task Cancel_of_an_unknown_job_or_app_says_what_is_missing()
    {
        await using var harness = new JobHarness();
        var missingApp = await Assert.ThrowsAsync<KeyNotFoundException>(() => harness.Runtime.CancelJobAsync(RuntimeHarness.App, "work", RuntimeHarness.Timeout()));
        Assert.Contains("tests/demo", missingApp.Message, StringComparison.Ordinal);

        await harness.ApplyAsync(1, harness.Job("exit 0"));
        var missingJob = await Assert.ThrowsAsync<KeyNotFoundException>(() => harness.Runtime.CancelJobAsync(RuntimeHarness.App, "nope", RuntimeHarness.Timeout()));
        Assert.Contains("no job 'nope' (its jobs: work)", missingJob.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reapplying_a_revision_keeps_its_job_a_new_revision_replaces_it_and_delete_stops_it()
    {
        await using var harness = new JobHarness();

        await harness.ApplyAsync(1, harness.Job(LongTask));
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(harness.Pids("pid-").Count == 2), 10, "revision 1's task started");
        await harness.ApplyAsync(1, harness.Job(LongTask));
        await Task.Delay(300);
        Assert.Equal(["1-0"], harness.Lines("started"));

        await harness.ApplyAsync(2, harness.Job(LongTask));
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(harness.Lines("started").Length == 2), 10, "revision 2's task started");
        Assert.Equal(["1-0", "2-0"], harness.Lines("started"));
        await JobHarness.AllGoneAsync(harness.Pids("pid-sleep-1-"), seconds: 1);
        var status = await harness.JobAsync();
        Assert.Equal(("Running", 1), (status.State, status.Active));

        await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout());
        await JobHarness.AllGoneAsync(harness.Pids("pid-"), seconds: 5);
        Assert.Empty((await harness.Runtime.GetStatusAsync(RuntimeHarness.App, RuntimeHarness.Timeout())).Jobs);
    }
}
