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

    /// <summary>Records one line the process wrote on <paramref name="stream"/>.</summary>
    public void OnLine(string stream, string line)
    {
        var entry = new LogEntry(context.Time.GetUtcNow(), source, stream, line);
        log(new AppLogLine(workload, entry));
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
            _file.WriteLine(fileTag is null
                ? string.Create(CultureInfo.InvariantCulture, $"{entry.Timestamp:O} {entry.Stream} {entry.Line}")
                : string.Create(CultureInfo.InvariantCulture, $"{entry.Timestamp:O} {entry.Stream} {fileTag} {entry.Line}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The in-memory log still has the line; a full disk must not take the process down.
            context.Logger.LogFileFailed(source, ex);
        }
    }
}
