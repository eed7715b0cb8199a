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
    private readonly LocalRuntimeContext _context;
    private readonly JobTemplate _template;
    private readonly ProcessOutputLog _output;

    /// <summary>Creates attempt <paramref name="number"/> (1 for the first) of <paramref name="index"/>; nothing starts yet.</summary>
    public JobAttempt(LocalRuntimeContext context, JobTemplate template, int index, int number, Action<AppLogLine> log)
    {
        _context = context;
        _template = template;
        Index = index;
        Number = number;
        Source = string.Create(CultureInfo.InvariantCulture, $"{template.Job.Name}-{index}");
        Id = string.Create(CultureInfo.InvariantCulture, $"{template.App.App}-{Source}-r{template.Revision}-a{number}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 3)}");
        // Every attempt of an index appends to one rotated file, each line tagged with its attempt.
        _output = new ProcessOutputLog(context, template.Job.Name, Source, context.Paths.LogFile(template.App, Source), string.Create(CultureInfo.InvariantCulture, $"a{number}"), log);
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
    public IReadOnlyList<string> LastLines() => _output.LastLines();

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
            process = ReplicaProcess.Start(_template.Launch, environment, _output.OnLines);
        }
        catch
        {
            _output.Close();
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
            _output.Close();
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
}
