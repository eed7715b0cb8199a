using Strata.Runtime.Local.Services;
using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class TrafficMeterTests
{
    [Fact]
    public void The_average_is_weighted_by_how_long_each_request_was_in_flight()
    {
        var time = new ManualTimeProvider();
        var meter = new TrafficMeter(time);

        var first = meter.Begin();
        var second = meter.Begin();
        time.Advance(TimeSpan.FromSeconds(1));
        second.Dispose();
        second.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));

        // Two for one second, one for the next: 1.5 on average; the double dispose counted once.
        Assert.Equal(1.5, meter.TakeAverage(), precision: 6);
        Assert.Equal(1, meter.InFlight);
        Assert.Equal(TimeSpan.Zero, meter.IdleFor);

        first.Dispose();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, meter.TakeAverage(), precision: 6);
        Assert.Equal(TimeSpan.FromSeconds(3), meter.IdleFor);
        meter.Touch();
        Assert.Equal(TimeSpan.Zero, meter.IdleFor);
    }
}
