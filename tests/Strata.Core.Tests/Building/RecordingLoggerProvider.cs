using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Strata.Core.Tests.Building;

/// <summary>Records (category, message) of everything logged through it.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Lines);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<(string, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, formatter(state, exception)));
    }
}
