using System.Globalization;
using System.Text.Json;
using Simulation.Heat;

/// <summary>
/// What one task writes to the results volume, as the Strata Simulation vertical reads it:
/// <code>
/// runs/&lt;run&gt;/run.json                 the run (the first task writes it)
/// runs/&lt;run&gt;/cancelled                written by the vertical's API: stop
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/parameters.json  this task's parameter set
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/progress          one line per percent reached, 0 to 100
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/status.json       { state: running|succeeded|failed|cancelled, message }
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/summary.json      the final field's summary, the field's file and shape
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/series.csv        the time series, one row per sample
/// runs/&lt;run&gt;/tasks/&lt;i&gt;/field.bin         the final field, float32 little-endian, x fastest
/// </code>
/// </summary>
internal sealed class TaskFolder
{
    private readonly string _runFolder;
    private readonly string _folder;
    private int _percent = -1;

    private TaskFolder(string runFolder, string folder)
    {
        _runFolder = runFolder;
        _folder = folder;
    }

    public bool IsCancelled => File.Exists(Path.Combine(_runFolder, "cancelled"));

    public static TaskFolder Open(string resultsRoot, string run, int index, string runJson, string parametersJson)
    {
        var runFolder = Path.Combine(resultsRoot, "runs", run);
        var folder = Path.Combine(runFolder, "tasks", index.ToString(CultureInfo.InvariantCulture));
        // A retried task starts again from nothing.
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        if (!File.Exists(Path.Combine(runFolder, "run.json")))
        {
            WriteAtomically(Path.Combine(runFolder, "run.json"), runJson);
        }

        WriteAtomically(Path.Combine(folder, "parameters.json"), parametersJson);
        var task = new TaskFolder(runFolder, folder);
        task.Finish("running", "");
        return task;
    }

    /// <summary>Records <paramref name="percent"/> when it is new; false when the run was cancelled.</summary>
    public bool ReportProgress(int percent)
    {
        if (percent <= _percent)
        {
            return true;
        }

        _percent = percent;
        File.AppendAllText(Path.Combine(_folder, "progress"), percent.ToString(CultureInfo.InvariantCulture) + "\n");
        return !IsCancelled;
    }

    public void WriteResults(HeatSolver solver, IReadOnlyList<string> series)
    {
        var n = solver.Problem.Points;
        var bytes = new byte[solver.Field.Length * sizeof(float)];
        for (var i = 0; i < solver.Field.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), (float)solver.Field[i]);
        }

        File.WriteAllBytes(Path.Combine(_folder, "field.bin"), bytes);
        File.WriteAllLines(Path.Combine(_folder, "series.csv"), series);
        var summary = new Dictionary<string, object>
        {
            ["steps"] = solver.StepsTaken,
            ["time"] = solver.Time,
            ["scheme"] = solver.Problem.Scheme.ToString().ToLowerInvariant(),
            ["diffusionNumber"] = solver.Problem.DiffusionNumber,
            ["min"] = solver.Field.Min(),
            ["max"] = solver.Field.Max(),
            ["mean"] = solver.Field.Average(),
            ["center"] = solver.Field[solver.Index(n / 2, n / 2, n / 2)],
            ["field"] = new Dictionary<string, object> { ["file"] = "field.bin", ["format"] = "float32-le", ["shape"] = new[] { n, n, n } },
            ["series"] = "series.csv",
        };
        WriteAtomically(Path.Combine(_folder, "summary.json"), JsonSerializer.Serialize(summary));
    }

    public void Finish(string state, string message)
        => WriteAtomically(Path.Combine(_folder, "status.json"), JsonSerializer.Serialize(new Dictionary<string, string> { ["state"] = state, ["message"] = message }));

    // Readers (the vertical's API) never see half a file.
    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
