using System.Globalization;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Logs;
using Strata.Runtime.Local.Processes;
using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Jobs;

/// <summary>
/// One attempt at one completion index: a process whose lines go to the app's log (source
/// <c>&lt;job&gt;-&lt;index&gt;</c>) and to its log file, run until it exits or the job stops it.
/// </summary>
internal sealed class JobAttempt
{
    private const int LastLinesKept = 10;

    private readonly LocalRuntimeContext _context;
    private readonly JobTemplate _template;
    private readonly Action<AppLogLine> _log;
    private readonly Queue<string> _lastLines = new();
    private RotatingLogFile? _logFile;
    private bool _logClosed;

    /// <summary>Creates attempt <paramref name="number"/> (1 for the first) of <paramref name="index"/>; nothing starts yet.</summary>
    public JobAttempt(LocalRuntimeContext context, JobTemplate template, int index, int number, Action<AppLogLine> log)
    {
        _context = context;
        _template = template;
        _log = log;
        Index = index;
        Number = number;
        Source = string.Create(CultureInfo.InvariantCulture, $"{template.Job.Name}-{index}");
        Id = string.Create(CultureInfo.InvariantCulture, $"{template.App.App}-{Source}-r{template.Revision}-a{number}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 3)}");
    }

    /// <summary>The completion index.</summary>
    public int Index { get; }

    /// <summary>The attempt number, 1 for the first.</summary>
    public int Number { get; }

    /// <summary>The log source of the index's lines.</summary>
    public string Source { get; }

    /// <summary>A runtime-unique id (names its pid file).</summary>
    public string Id { get; }

    /// <summary>True when the job stopped it: its exit code says nothing about the task.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Its newest output lines (at most 10), for failure messages.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }

    /// <summary>
    /// Runs the process to its end and returns its exit code. When <paramref name="stop"/> fires first
    /// the process and its children get SIGTERM, and SIGKILL after the drain timeout.
    /// Throws what <see cref="ReplicaProcess.Start"/> throws when the program cannot start.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var environment = JobEnvironment.ForIndex(_template.Environment, Index);
        ReplicaProcess process;
        try
        {
            process = ReplicaProcess.Start(_template.Launch, environment, OnLine);
        }
        catch
        {
            CloseLog();
            throw;
        }

        using (process)
        {
            var pidFile = _context.Paths.PidFile(Id);
            PidFiles.Write(pidFile, process.Id);
            _context.Logger.TaskStarted(Id, process.Id);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (stop.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
            {
                if (await Task.WhenAny(process.Exited, stopped.Task).ConfigureAwait(false) != process.Exited)
                {
                    Stopped = true;
                    await StopAsync(process).ConfigureAwait(false);
                }
            }

            var exitCode = await process.Exited.ConfigureAwait(false);
            PidFiles.Delete(pidFile);
            CloseLog();
            return exitCode;
        }
    }

    private async Task StopAsync(ReplicaProcess process)
    {
        var tree = ProcessTree.Descendants(process.Id);
        process.Terminate();
        ProcessTree.Terminate(tree);
        var drain = _context.Options.DrainTimeout;
        if (await Task.WhenAny(process.Exited, Task.Delay(drain, _context.Time)).ConfigureAwait(false) != process.Exited)
        {
            _context.Logger.TaskKilled(Id, drain);
            process.Kill();
        }

        // Children that ignored SIGTERM (or were re-parented when their parent exited) go too.
        ProcessTree.Kill(tree);
    }

    private void OnLine(string stream, string line)
    {
        var entry = new LogEntry(_context.Time.GetUtcNow(), Source, stream, line);
        _log(new AppLogLine(_template.Job.Name, entry));
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > LastLinesKept)
            {
                _lastLines.Dequeue();
            }

            WriteToFile(entry);
        }
    }

    private void WriteToFile(LogEntry entry)
    {
        try
        {
            if (_logClosed)
            {
                return;
            }

            if (_logFile is null)
            {
                // Rotated and capped like a replica's log; every attempt of an index appends to one file.
                _logFile = new RotatingLogFile(_context.Paths.LogFile(_template.App, Source), _context.Options.MaxLogFileBytes, _context.Options.MaxLogFiles);
            }

            _logFile.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Timestamp:O} {entry.Stream} a{Number} {entry.Line}"));
        }
        catch (IOException ex)
        {
            // The in-memory log still has the line; a full disk must not fail the task.
            _context.Logger.LogFileFailed(Source, ex);
        }
    }

    private void CloseLog()
    {
        lock (_lastLines)
        {
            _logClosed = true;
            _logFile?.Dispose();
            _logFile = null;
        }
    }
}
