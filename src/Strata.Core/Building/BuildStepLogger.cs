using Microsoft.Extensions.Logging;

namespace Strata.Core.Building;

/// <summary>The logger of one step: turns every log call into a <see cref="BuildLogLine"/>.</summary>
internal sealed class BuildStepLogger(string step, Action<BuildLogLine>? sink, ILogger? inner, Lock sinkLock) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner?.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (sink is not null && logLevel != LogLevel.None)
        {
            var message = formatter(state, exception);
            if (exception is not null)
            {
                message = $"{message}{Environment.NewLine}{exception}";
            }

            // stdout and stderr are read on two threads; the sink sees one line at a time.
            lock (sinkLock)
            {
                sink(new BuildLogLine(DateTimeOffset.UtcNow, step, logLevel, message));
            }
        }

        if (inner?.IsEnabled(logLevel) == true)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
