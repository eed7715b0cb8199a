using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Jobs;

/// <summary>Checks the job workloads of a set before anything of the revision starts.</summary>
internal static class JobValidation
{
    /// <summary>What is wrong with the jobs of <paramref name="workloads"/>, saying how to fix it; null when nothing is.</summary>
    public static string? Problem(WorkloadSet workloads, ContainerOptions? containers = null)
    {
        if (workloads.Jobs.GroupBy(j => j.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return $"Job '{duplicate.Key}' appears more than once in the workload set. Give each job a unique name.";
        }

        // Both kinds of workload share the app's log sources and, on Kubernetes, its object names.
        if (workloads.Jobs.FirstOrDefault(j => workloads.Services.Any(s => s.Name == j.Name)) is { } clash)
        {
            return $"Job '{clash.Name}' has the name of a service of the app. Give jobs and services distinct names.";
        }

        foreach (var job in workloads.Jobs)
        {
            if (Problem(job, containers) is { } problem)
            {
                return $"Job '{job.Name}': {problem}";
            }
        }

        return null;
    }

    private static string? Problem(JobWorkload job, ContainerOptions? containers) => job switch
    {
        _ when LaunchCommand.Problem(job.Artifact, job.Args, containers) is { } launch => launch,
        { Completions: < 1 } => $"completions is {job.Completions}; it must be at least 1.",
        { Parallelism: < 1 } => $"parallelism is {job.Parallelism}; it must be at least 1.",
        { BackoffLimit: < 0 } => $"backoffLimit is {job.BackoffLimit}; it must not be negative.",
        { ActiveDeadlineSeconds: < 1 } => $"activeDeadlineSeconds is {job.ActiveDeadlineSeconds}; it must be at least 1, or unset for no deadline.",
        _ => null,
    };
}
