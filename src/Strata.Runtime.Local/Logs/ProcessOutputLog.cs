using System.Globalization;
using Strata.Core.Runtime;

namespace Strata.Runtime.Local.Logs;

/// <summary>
/// Where one process's output goes: each line to the app's log (for <c>ReadLogsAsync</c>), to a
/// rotated log file, and to a short tail that failure messages quote. Shared by replicas and job tasks.
/// </summary>
internal sealed class ProcessOutputLog(LocalRuntimeContext context, string workload, string source, string filePath, string? fileTag, Action<AppLogLine> log)
{
    private const int LastLinesKept = 10;
    private readonly Queue<string> _lastLines = new();
    private RotatingLogFile? _file;
    private bool _closed;

    /// <summary>
    /// Records the lines one read of <paramref name="stream"/> gave, and writes them to the file in one
    /// go: a reader (or an operator's <c>tail -f</c>) sees them as soon as the process wrote them, and a
    /// process that writes many lines at once costs one file write, not one per line.
    /// </summary>
    public void OnLines(string stream, IReadOnlyList<string> lines)
    {
        var now = context.Time.GetUtcNow();
        var entries = new LogEntry[lines.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new LogEntry(now, source, stream, lines[i]);
            log(new AppLogLine(workload, entries[i]));
        }

        lock (_lastLines)
        {
            foreach (var entry in entries)
            {
                var line = entry.Line;
                _lastLines.Enqueue(line);
                while (_lastLines.Count > LastLinesKept)
                {
                    _lastLines.Dequeue();
                }

                WriteToFile(entry);
            }

            FlushFile();
        }
    }

    /// <summary>The last lines the process wrote, oldest first.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }

    /// <summary>Closes the file; later lines still reach the app's log.</summary>
    public void Close()
    {
        lock (_lastLines)
        {
            _closed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private void WriteToFile(LogEntry entry)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            _file ??= new RotatingLogFile(filePath, context.Options.MaxLogFileBytes, context.Options.MaxLogFiles);
            _file.Append(fileTag is null
                ? string.Create(CultureInfo.InvariantCulture, $"{entry.Timestamp:O} {entry.Stream} {entry.Line}")
                : string.Create(CultureInfo.InvariantCulture, $"{entry.Timestamp:O} {entry.Stream} {fileTag} {entry.Line}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The in-memory log still has the line; a full disk must not take the process down.
            context.Logger.LogFileFailed(source, ex);
        }
    }

    private void FlushFile()
    {
        try
        {
            _file?.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Logger.LogFileFailed(source, ex);
        }
    }
}
