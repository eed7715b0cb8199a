using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Strata.Runtime.Local.Tests.Support;

/// <summary>Keeps every formatted log message (and shows it in the test output, when there is one).</summary>
internal sealed class RecordingLoggerProvider(ITestOutputHelper? output = null) : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(EventId Id, string Message)> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        Messages.Enqueue((eventId, message));
        try
        {
            output?.WriteLine($"[{eventId.Id}] {message}");
        }
        catch (InvalidOperationException)
        {
            // A line logged after the test ended has no output to go to.
        }
    }

    public void Dispose()
    {
    }
}
