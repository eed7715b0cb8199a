using System.Text.Json;

namespace Strata.Verticals.Simulation.Api;

/// <summary>A run in lists: where it is and how far.</summary>
internal sealed record RunInfo(
    string Run, int Revision, string Label, string Kind, string State, int Percent,
    int Tasks, int Parallelism, int Succeeded, int Failed, int Cancelled, int Running, int Pending, IReadOnlyList<string> Varied);

/// <summary>A run with each task.</summary>
internal sealed record RunDetail(RunInfo Run, IReadOnlyList<TaskInfo> Tasks);

/// <summary>One task of a run.</summary>
internal sealed record TaskInfo(int Index, string State, int Percent, string Message, bool HasResults, JsonElement Parameters);

/// <summary>A server-sent <c>progress</c> event: a task's state or percent changed.</summary>
internal sealed record ProgressEvent(string Run, int Task, string State, int Percent);

/// <summary>A server-sent <c>run</c> event: the run's state and percent (the last event of a stream says it settled).</summary>
internal sealed record RunEvent(string Run, string State, int Percent, bool Settled);

/// <summary>What a cancel did: the run is marked, and whether the host stopped the job's processes.</summary>
internal sealed record CancelInfo(RunInfo Run, bool JobStopped, string JobMessage);

/// <summary>A task's results: its parameters, summary and files.</summary>
internal sealed record TaskResults(string Run, int Index, string State, string Message, JsonElement Parameters, JsonElement? Summary, IReadOnlyList<ResultFile> Files);

/// <summary>A file of a task's results, downloadable at <see cref="Url"/>.</summary>
internal sealed record ResultFile(string Name, long Bytes, string Url);

/// <summary>The tasks of one run side by side on one summary metric.</summary>
internal sealed record Comparison(string Run, string Metric, IReadOnlyList<string> Varied, IReadOnlyList<ComparisonRow> Rows, int? Lowest, int? Highest);

/// <summary>One task in a <see cref="Comparison"/>: its varied parameters and the metric.</summary>
internal sealed record ComparisonRow(int Index, string State, IReadOnlyDictionary<string, JsonElement> Parameters, double? Value);

/// <summary>A submitted run: its id (the revision that runs it) and where to follow it. <see cref="Unchanged"/>: the same run already serves.</summary>
internal sealed record SubmittedRun(string Run, int Revision, bool Unchanged, string Url, string Progress);
