using Strata.Testing;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Tests.ResultStore;

/// <summary>The run state the API shows, read from real files as a model's tasks write them.</summary>
public sealed class RunStoreTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-sim-store");

    [Fact]
    public void A_run_is_running_until_every_task_finished_then_succeeded_or_failed()
    {
        WriteRun("run-3", tasks: 3);
        var store = new RunStore(_root.Path);
        Assert.Equal((RunState.Running, 0), (store.Read("run-3")!.State, store.Read("run-3")!.Percent));

        WriteTask("run-3", 0, "succeeded", "0\n50\n100\n");
        WriteTask("run-3", 1, "running", "0\n10\n6"); // a line still being written is not read
        var running = store.Read("run-3")!;
        Assert.Equal(
            [(RunState.Succeeded, 100), (RunState.Running, 10), (RunState.Pending, 0)],
            running.Tasks.Select(t => (t.State, t.Percent)));
        Assert.Equal((RunState.Running, 36), (running.State, running.Percent));

        WriteTask("run-3", 1, "succeeded", "100\n");
        WriteTask("run-3", 2, "failed", "3\n", "unstable");
        var done = store.Read("run-3")!;
        Assert.Equal(RunState.Failed, done.State);
        Assert.True(done.IsSettled);
        Assert.Equal("unstable", done.Tasks[2].Message);
    }

    [Fact]
    public void A_cancel_mark_makes_the_run_cancelled_and_it_settles_when_nothing_runs()
    {
        WriteRun("run-1", tasks: 2);
        WriteTask("run-1", 0, "running", "0\n1\n");
        var store = new RunStore(_root.Path);

        store.MarkCancelled("run-1");

        var marked = store.Read("run-1")!;
        Assert.Equal(RunState.Cancelled, marked.State);
        Assert.False(marked.IsSettled);
        WriteTask("run-1", 0, "cancelled", "0\n1\n2\n");
        Assert.True(store.Read("run-1")!.IsSettled);
    }

    [Fact]
    public void Runs_are_listed_newest_first_and_folders_that_are_not_runs_are_ignored()
    {
        WriteRun("run-2", tasks: 1);
        WriteRun("run-10", tasks: 1);
        Directory.CreateDirectory(_root.Combine("runs", "run-4")); // no run.json: not started
        Directory.CreateDirectory(_root.Combine("runs", "other"));
        File.WriteAllText(_root.Combine("runs", "run-2", "..", "run-9.json"), "{}");

        Assert.Equal(["run-10", "run-2"], new RunStore(_root.Path).List().Select(r => r.Id));
    }

    [Theory]
    [InlineData("run-1", true)]
    [InlineData("run-", false)]
    [InlineData("../run-1", false)]
    [InlineData("run-1/..", false)]
    public void Only_run_ids_reach_the_file_system(string run, bool accepted) => Assert.Equal(accepted, RunStore.IsRunId(run));

    [Theory]
    [InlineData("series.csv", true)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("summary.json.42.tmp", false)]
    public void Only_plain_file_names_are_served(string name, bool accepted) => Assert.Equal(accepted, RunStore.IsFileName(name));

    private void WriteRun(string run, int tasks)
    {
        Directory.CreateDirectory(_root.Combine("runs", run));
        var revision = run["run-".Length..];
        File.WriteAllText(_root.Combine("runs", run, "run.json"), $$"""{"run":"{{run}}","revision":{{revision}},"tasks":{{tasks}},"parameterSets":[]}""");
    }

    private void WriteTask(string run, int index, string state, string progress, string message = "")
    {
        var folder = _root.Combine("runs", run, "tasks", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "progress"), progress);
        // With a byte order mark, as File.WriteAllText(path, text, Encoding.UTF8) writes it.
        File.WriteAllText(Path.Combine(folder, "status.json"), $$"""{"state":"{{state}}","message":"{{message}}"}""", System.Text.Encoding.UTF8);
    }

    public void Dispose() => _root.Dispose();
}
