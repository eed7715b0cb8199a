using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Testing;
using Strata.Verticals.Functions.Worker.Catalog;
using Strata.Verticals.Functions.Worker.Diagnostics;
using Strata.Verticals.Functions.Worker.Loading;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>The pool's cold starts, unloads and failed loads as the <c>Strata.Functions</c> meter reports them.</summary>
public sealed class FunctionMetricsTests : IDisposable
{
    private readonly TempDirectory _functions = new("strata-functions");
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddMetrics().BuildServiceProvider();
    private readonly List<(string Instrument, double Value, string? Function)> _measurements = [];
    private readonly MeterListener _listener = new();

    public FunctionMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FunctionMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
        _functions.Dispose();
    }

    [Fact]
    public async Task A_cold_start_is_counted_and_timed_per_function_and_a_warm_entry_is_not()
    {
        var pool = Pool();
        var hello = FunctionDescriptor.Read(FunctionFolders.Register(_functions.Path, "hello", "Hello"));

        var first = await pool.AcquireAsync(hello, CancellationToken.None);
        first.Function.Exit();
        var second = await pool.AcquireAsync(hello, CancellationToken.None);
        second.Function.Exit();

        Assert.NotNull(first.ColdStart);
        Assert.Null(second.ColdStart);
        Assert.Equal([("strata.functions.cold_starts", 1.0, "hello")], Of("strata.functions.cold_starts"));
        var duration = Assert.Single(Of("strata.functions.cold_start.duration"));
        Assert.True(duration.Value > 0 && duration.Function == "hello");
        Assert.Equal(1.0, Of("strata.functions.loaded").Sum(m => m.Value));

        Assert.True(pool.TryUnload("hello"));
        Assert.Equal(0.0, Of("strata.functions.loaded").Sum(m => m.Value));
    }

    [Fact]
    public async Task A_failed_load_is_an_error_of_kind_load()
    {
        var pool = Pool();
        var wrong = FunctionDescriptor.Read(FunctionFolders.Register(_functions.Path, "wrong", "WrongShape"));

        await Assert.ThrowsAsync<FunctionLoadException>(async () => await pool.AcquireAsync(wrong, CancellationToken.None));

        Assert.Equal([("strata.functions.errors", 1.0, "wrong")], Of("strata.functions.errors"));
        Assert.Empty(Of("strata.functions.cold_starts"));
    }

    private FunctionPool Pool() => new(
        new FunctionLoader(_services.GetRequiredService<ILoggerFactory>(), new ConfigurationBuilder().Build(), _services),
        new FunctionMetrics(_services.GetRequiredService<IMeterFactory>()),
        NullLogger<FunctionPool>.Instance);

    private List<(string Instrument, double Value, string? Function)> Of(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? function = null;
        foreach (var tag in tags)
        {
            function = tag.Key == "function" ? tag.Value as string : function;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, function));
        }
    }
}
