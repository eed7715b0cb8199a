using System.Globalization;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class JobRunTests
{
    [Fact]
    public async Task Every_index_runs_once_to_success_with_at_most_parallelism_tasks_at_a_time()
    {
        await using var harness = new JobHarness();
        // Start and end times are taken inside each task's life, so measured overlap never exceeds the real one.
        const string script = """
            date +%s%N > "$D/start-$JOB_COMPLETION_INDEX"
            echo "$JOB_COMPLETION_INDEX" >> "$D/indexes"
            sleep 0.4
            date +%s%N > "$D/end-$JOB_COMPLETION_INDEX"
            """;

        await harness.ApplyAsync(1, harness.Job(script, completions: 6, parallelism: 3));
        var status = await harness.WaitForStateAsync("Succeeded");

        Assert.Equal(["0", "1", "2", "3", "4", "5"], harness.Lines("indexes").Order(StringComparer.Ordinal));
        Assert.Equal((6, 6, 0, 0, null), (status.Completions, status.Succeeded, status.Failed, status.Active, status.Message));
        Assert.All(status.Tasks, t => Assert.Equal(("Succeeded", 1, (int?)0), (t.State, t.Attempts, t.ExitCode)));
        Assert.Equal([0, 1, 2, 3, 4, 5], status.Tasks.Select(t => t.Index));

        var intervals = Enumerable.Range(0, 6)
            .Select(i => (Start: long.Parse(harness.Lines($"start-{i}")[0], CultureInfo.InvariantCulture), End: long.Parse(harness.Lines($"end-{i}")[0], CultureInfo.InvariantCulture)))
            .ToList();
        var maxOverlap = intervals.Max(a => intervals.Count(b => b.Start <= a.Start && a.Start < b.End));
        Assert.InRange(maxOverlap, 2, 3);
    }

    [Fact]
    public async Task An_index_that_always_fails_is_retried_up_to_the_backoff_limit_then_the_job_fails_naming_it()
    {
        await using var harness = new JobHarness();
        const string script = """
            if [ "$JOB_COMPLETION_INDEX" = 1 ]; then
              echo attempt >> "$D/attempts-1"
              echo "index one is broken"
              exit 7
            fi
            """;

        await harness.ApplyAsync(1, harness.Job(script, completions: 2, parallelism: 2, backoffLimit: 2));
        var status = await harness.WaitForStateAsync("Failed");

        Assert.Equal(3, harness.Lines("attempts-1").Length);
        Assert.Equal((3, 1, 0), (status.Failed, status.Succeeded, status.Active));
        Assert.Contains("index 1", status.Message, StringComparison.Ordinal);
        Assert.Contains("code 7", status.Message, StringComparison.Ordinal);
        Assert.Contains("index one is broken", status.Message, StringComparison.Ordinal);
        Assert.Equal(("Failed", 3, (int?)7), (status.Tasks[1].State, status.Tasks[1].Attempts, status.Tasks[1].ExitCode));
        Assert.Equal("Succeeded", status.Tasks[0].State);

        // Nothing runs after the job failed.
        await Task.Delay(500);
        Assert.Equal(3, harness.Lines("attempts-1").Length);
    }

    [Fact]
    public async Task An_index_that_fails_once_is_retried_and_the_job_succeeds()
    {
        await using var harness = new JobHarness();
        const string script = """
            if [ ! -e "$D/failed-once" ]; then
              touch "$D/failed-once"
              exit 3
            fi
            echo done >> "$D/done"
            """;

        await harness.ApplyAsync(1, harness.Job(script, backoffLimit: 1));
        var status = await harness.WaitForStateAsync("Succeeded");

        Assert.Equal((1, 1), (status.Succeeded, status.Failed));
        Assert.Equal(("Succeeded", 2, (int?)0), (status.Tasks[0].State, status.Tasks[0].Attempts, status.Tasks[0].ExitCode));
        Assert.Single(harness.Lines("done"));
    }

    [Fact]
    public async Task Logs_of_a_job_hold_each_index_lines_with_its_source()
    {
        await using var harness = new JobHarness();
        const string script = """
            echo "out of $JOB_COMPLETION_INDEX"
            echo "err of $JOB_COMPLETION_INDEX" >&2
            """;

        await harness.ApplyAsync(1, harness.Job(script, completions: 2, parallelism: 2));
        await harness.WaitForStateAsync("Succeeded");

        var entries = new List<Core.Runtime.LogEntry>();
        await foreach (var entry in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new Core.Runtime.LogQuery { Workload = "work" }, RuntimeHarness.Timeout()))
        {
            entries.Add(entry);
        }

        Assert.Equal(
            [("work-0", "stderr", "err of 0"), ("work-0", "stdout", "out of 0"), ("work-1", "stderr", "err of 1"), ("work-1", "stdout", "out of 1")],
            entries.Select(e => (e.Source, e.Stream, e.Line)).Order());
        Assert.Contains("out of 1", await File.ReadAllTextAsync(Path.Combine(harness.DataDirectory, "logs", "tests", "demo", "work-1.log")), StringComparison.Ordinal);

        await foreach (var _ in harness.Runtime.ReadLogsAsync(RuntimeHarness.App, new Core.Runtime.LogQuery { Workload = "other" }, RuntimeHarness.Timeout()))
        {
            Assert.Fail("a query for another workload returned a line of the job");
        }
    }
}
