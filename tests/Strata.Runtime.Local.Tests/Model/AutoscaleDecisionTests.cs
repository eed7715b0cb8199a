using Strata.Runtime.Local.Services;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class AutoscaleDecisionTests
{
    [Theory]
    [InlineData(1, 3, 1, 0.0, false, 1)]
    [InlineData(1, 3, 1, 1.0, false, 1)]
    [InlineData(1, 3, 1, 1.2, false, 2)]
    [InlineData(1, 3, 1, 9.0, false, 3)]
    [InlineData(2, 5, 10, 35.0, false, 4)]
    [InlineData(0, 3, 1, 0.0, false, 1)]
    [InlineData(0, 3, 1, 0.0, true, 0)]
    [InlineData(1, 3, 1, 0.0, true, 1)]
    public void Desired_is_ceil_of_in_flight_over_target_within_the_bounds(int min, int max, int target, double average, bool idle, int expected) =>
        Assert.Equal(expected, AutoscaleDecision.Desired(new AutoscaleBounds(min, max) { TargetInFlight = target }, average, idle));

    [Fact]
    public void A_manual_count_stays_within_the_bounds_and_deploys_start_at_least_one()
    {
        var bounds = new AutoscaleBounds(0, 3);
        Assert.Equal(3, AutoscaleDecision.Clamp(bounds, 7));
        Assert.Equal(7, AutoscaleDecision.Clamp(null, 7));
        Assert.Equal(1, AutoscaleDecision.Initial(new ServiceWorkload { Name = "web", Artifact = new Artifact(), Autoscale = bounds }));
        Assert.Equal(2, AutoscaleDecision.Initial(new ServiceWorkload { Name = "web", Artifact = new Artifact(), Replicas = 5, Autoscale = new AutoscaleBounds(2, 2) }));
        Assert.Equal(0, AutoscaleDecision.Initial(new ServiceWorkload { Name = "web", Artifact = new Artifact(), Replicas = 0 }));
    }
}
