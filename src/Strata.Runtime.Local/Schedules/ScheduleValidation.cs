using Strata.Workloads;

namespace Strata.Runtime.Local.Schedules;

/// <summary>What the Local runtime refuses in a workload set's schedules: cron expressions it cannot read.</summary>
internal static class ScheduleValidation
{
    /// <summary>The first problem, naming the schedule and its field; null when every schedule can run.</summary>
    public static string? Problem(WorkloadSet workloads) =>
        workloads.Schedules
            .Select((s, i) => CronSchedule.Parse(s.Schedule, out var problem) is null ? $"schedules[{i}].schedule (schedule '{s.Name}'): {problem}" : null)
            .FirstOrDefault(p => p is not null);
}
