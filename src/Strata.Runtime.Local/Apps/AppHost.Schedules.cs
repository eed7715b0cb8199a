using System.Collections.Immutable;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Schedules;
using Strata.Workloads;

namespace Strata.Runtime.Local.Apps;

/// <summary>The app's scheduled requests: one runner per schedule of the revision serving.</summary>
internal sealed partial class AppHost
{
    private volatile ImmutableList<ScheduleRunner> _schedules = [];

    private IReadOnlyList<ScheduleStatus> ScheduleStatuses() => [.. _schedules.Select(s => s.Status())];

    // Called once a revision serves. The previous revision's runners stop (a firing in progress is
    // cancelled) and the new ones wait for their first occurrence after now.
    private Task StartSchedules(WorkloadSet workloads)
    {
        var previous = _schedules;
        var next = workloads.Schedules
            .Select(s => new ScheduleRunner(_context, App.ToString(), s, CronSchedule.Parse(s.Schedule, out _)!, Supervisor))
            .ToImmutableList();
        _schedules = next;
        foreach (var runner in next)
        {
            runner.Start();
        }

        return Task.WhenAll(previous.Select(r => r.DisposeAsync().AsTask()));
    }

    private Task StopSchedulesAsync()
    {
        var schedules = _schedules;
        _schedules = [];
        return Task.WhenAll(schedules.Select(r => r.DisposeAsync().AsTask()));
    }
}
