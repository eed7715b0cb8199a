using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>
/// Reads the runs of one app from its results volume (the layout the model's tasks write, see
/// <c>docs/verticals/simulation.md</c>) and writes the one thing the vertical writes there: a cancel mark.
/// </summary>
internal sealed partial class RunStore(string root)
{
    public const string CancelMark = "cancelled";

    /// <summary>Whether <paramref name="run"/> is a run id (<c>run-&lt;revision&gt;</c>); other names never reach the file system.</summary>
    public static bool IsRunId(string run) => RunId().IsMatch(run);

    /// <summary>Whether <paramref name="name"/> is a plain file name of a task folder.</summary>
    public static bool IsFileName(string name) => FileName().IsMatch(name) && !name.EndsWith(".tmp", StringComparison.Ordinal);

    public string RunFolder(string run) => Path.Combine(root, "runs", run);

    public string TaskFolder(string run, int index) => Path.Combine(RunFolder(run), "tasks", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The runs that have started (their first task wrote <c>run.json</c>), newest revision first.</summary>
    public IReadOnlyList<RunRecord> List()
    {
        var runs = Path.Combine(root, "runs");
        if (!Directory.Exists(runs))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(runs)
            .Select(Path.GetFileName)
            .Where(name => name is not null && IsRunId(name))
            .Select(name => Read(name!))
            .OfType<RunRecord>()
            .OrderByDescending(r => r.Definition.GetProperty("revision").GetInt32())];
    }

    /// <summary>The run, or null when no task of it has started.</summary>
    public RunRecord? Read(string run)
    {
        var folder = RunFolder(run);
        var definitionFile = Path.Combine(folder, "run.json");
        if (!File.Exists(definitionFile))
        {
            return null;
        }

        JsonElement definition;
        int count;
        try
        {
            using var document = JsonFiles.Read(definitionFile);
            definition = document.RootElement.Clone();
            count = Math.Clamp(definition.GetProperty("tasks").GetInt32(), 0, Spec.RunSpec.MaxTasks);
            _ = definition.GetProperty("revision").GetInt32();
        }
        catch (Exception ex) when (ex is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            // Tasks write it atomically from what the vertical mapped; anything else is not a run of ours.
            return null;
        }

        var tasks = new List<TaskRecord>(count);
        for (var i = 0; i < count; i++)
        {
            tasks.Add(ReadTask(run, i));
        }

        return new RunRecord(run, definition, tasks, File.Exists(Path.Combine(folder, CancelMark)));
    }

    /// <summary>Marks <paramref name="run"/> cancelled: its tasks stop at their next progress report, and those not started exit at once.</summary>
    public void MarkCancelled(string run)
    {
        Directory.CreateDirectory(RunFolder(run));
        File.WriteAllText(Path.Combine(RunFolder(run), CancelMark), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }

    private TaskRecord ReadTask(string run, int index)
    {
        var folder = TaskFolder(run, index);
        if (!Directory.Exists(folder))
        {
            return new TaskRecord(index, RunState.Pending, 0, "", HasResults: false);
        }

        var state = RunState.Running;
        var message = "";
        var status = Path.Combine(folder, "status.json");
        if (File.Exists(status))
        {
            try
            {
                using var document = JsonFiles.Read(status);
                state = document.RootElement.GetProperty("state").GetString() ?? RunState.Running;
                message = document.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            }
            catch (Exception ex) when (ex is JsonException or IOException or KeyNotFoundException)
            {
                // Tasks write it atomically; a broken one is a task's own doing, shown as still running.
            }
        }

        var percent = state == RunState.Succeeded ? 100 : LastPercent(Path.Combine(folder, "progress"));
        return new TaskRecord(index, state, percent, message, File.Exists(Path.Combine(folder, "summary.json")));
    }

    private static int LastPercent(string progress)
    {
        if (!File.Exists(progress))
        {
            return 0;
        }

        // The file is appended to while we read: take the last complete line.
        var text = File.ReadAllText(progress);
        var end = text.LastIndexOf('\n');
        if (end <= 0)
        {
            return 0;
        }

        var start = text.LastIndexOf('\n', end - 1) + 1;
        return int.TryParse(text.AsSpan(start, end - start), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) ? Math.Clamp(percent, 0, 100) : 0;
    }

    [GeneratedRegex("^run-[0-9]{1,9}$")]
    private static partial Regex RunId();

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex FileName();
}
