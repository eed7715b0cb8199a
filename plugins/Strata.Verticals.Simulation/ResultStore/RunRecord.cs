using System.Text.Json;

namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>A run as the results volume shows it: its <c>run.json</c> and its tasks' folders.</summary>
internal sealed record RunRecord(string Id, JsonElement Definition, IReadOnlyList<TaskRecord> Tasks, bool CancelRequested)
{
    public int TaskCount => Tasks.Count;

    /// <summary>cancelled once asked to, else failed / succeeded when every task finished, else running.</summary>
    public string State =>
        CancelRequested ? RunState.Cancelled
        : Tasks.All(t => RunState.IsFinished(t.State)) ? (Tasks.Any(t => t.State != RunState.Succeeded) ? RunState.Failed : RunState.Succeeded)
        : RunState.Running;

    /// <summary>Whether nothing of the run runs or will start any more.</summary>
    public bool IsSettled => State != RunState.Running && Tasks.All(t => t.State != RunState.Running);

    /// <summary>The mean of the tasks' percents.</summary>
    public int Percent => Tasks.Count == 0 ? 0 : (int)Math.Floor(Tasks.Average(t => (double)t.Percent));
}
