using Strata.Workloads;

namespace Strata.Runtime.Local.Services;

/// <summary>The autoscaler's arithmetic, free of clocks and processes so that it can be tested as a table.</summary>
internal static class AutoscaleDecision
{
    /// <summary>
    /// The replicas wanted for <paramref name="averageInFlight"/>: ceil(average / target) within the bounds,
    /// but never zero because of a quiet interval — only <paramref name="idleLongEnough"/> (no request for
    /// the bounds' scale-to-zero time) takes a service with <c>Min = 0</c> to zero.
    /// </summary>
    public static int Desired(AutoscaleBounds bounds, double averageInFlight, bool idleLongEnough)
    {
        var max = Math.Max(bounds.Max, Math.Max(bounds.Min, 1));
        if (bounds.Min == 0 && idleLongEnough)
        {
            return 0;
        }

        var target = Math.Max(1, bounds.TargetInFlight);
        // A small epsilon keeps floating-point noise (2.0000001 requests) from asking for one replica more.
        var wanted = (int)Math.Ceiling((averageInFlight / target) - 1e-6);
        return Math.Clamp(wanted, Math.Max(bounds.Min, 1), max);
    }

    /// <summary>Keeps a manual count within the bounds of an autoscaled service.</summary>
    public static int Clamp(AutoscaleBounds? bounds, int replicas) =>
        bounds is null ? replicas : Math.Clamp(replicas, Math.Max(0, bounds.Min), Math.Max(bounds.Max, bounds.Min));

    /// <summary>
    /// How many replicas a deploy starts: at least one even for <c>Min = 0</c>, so that a deploy still proves
    /// the revision becomes ready; an idle service then goes to zero after its scale-to-zero time.
    /// </summary>
    public static int Initial(ServiceWorkload service) =>
        service.Autoscale is { } bounds
            ? Math.Clamp(service.Replicas, Math.Max(bounds.Min, 1), Math.Max(bounds.Max, Math.Max(bounds.Min, 1)))
            : Math.Max(0, service.Replicas);
}
