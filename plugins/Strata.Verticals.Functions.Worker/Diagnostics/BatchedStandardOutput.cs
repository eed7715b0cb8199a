using System.Text;

namespace Strata.Verticals.Functions.Worker.Diagnostics;

/// <summary>
/// The worker's standard output, written in batches: what the console logger writes goes to a buffer
/// that is flushed at most every <see cref="Interval"/> (and when it fills, and when the process
/// exits). A function that logs per call would otherwise cost one write to the runtime's pipe per
/// call, and the runtime a wake-up, a read and a log-file write for each (README.md has what that
/// measured). A line reaches the app's log at most one interval late; a worker killed with SIGKILL
/// loses at most that interval's lines.
/// </summary>
internal sealed class BatchedStandardOutput : IDisposable
{
    /// <summary>The setting that names the interval in milliseconds; 0 writes every line at once (no batching).</summary>
    public const string IntervalVariable = "STRATA_LOG_FLUSH_MS";

    /// <summary>The default interval.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    private readonly StreamWriter _writer;
    private readonly Timer _timer;
    private int _disposed;

    private BatchedStandardOutput(Stream output, TimeSpan interval)
    {
        Interval = interval;
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
        // Every write and flush goes through the synchronized wrapper: the logger's thread writes, the timer flushes.
        Writer = TextWriter.Synchronized(_writer);
        _timer = new Timer(_ => Flush(), null, interval, interval);
    }

    /// <summary>How often the buffer is flushed.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The writer that replaces <see cref="Console.Out"/>.</summary>
    public TextWriter Writer { get; }

    /// <summary>
    /// Replaces <see cref="Console.Out"/> with a batched writer unless <see cref="IntervalVariable"/> is 0
    /// (then returns null and leaves the console alone). Call before the host builds its logging: the
    /// console logger keeps the writer it finds.
    /// </summary>
    public static BatchedStandardOutput? Install()
    {
        var interval = DefaultInterval;
        if (Environment.GetEnvironmentVariable(IntervalVariable) is { Length: > 0 } text)
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms > 10_000)
            {
                throw new InvalidOperationException($"{IntervalVariable} must be a whole number of milliseconds from 0 to 10000, not '{text}'.");
            }

            if (ms == 0)
            {
                return null;
            }

            interval = TimeSpan.FromMilliseconds(ms);
        }

        var batched = new BatchedStandardOutput(Console.OpenStandardOutput(), interval);
        Console.SetOut(batched.Writer);
        // What was written before a normal exit or a crash by exception still goes out.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => batched.Dispose();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => batched.Flush();
        return batched;
    }

    /// <summary>For tests: a batched writer over <paramref name="output"/>.</summary>
    internal static BatchedStandardOutput Over(Stream output, TimeSpan interval) => new(output, interval);

    /// <summary>Writes out what is buffered.</summary>
    public void Flush()
    {
        try
        {
            Writer.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The reader of the pipe is gone (the runtime stopped): nothing to write to.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        Flush();
    }
}
