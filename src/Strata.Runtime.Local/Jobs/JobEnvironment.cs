using System.Globalization;
using Strata.Core.Discovery;
using Strata.Workloads;

namespace Strata.Runtime.Local.Jobs;

/// <summary>The environment of a job task process.</summary>
internal static class JobEnvironment
{
    /// <summary>The key holding the task's completion index, as on a Kubernetes Indexed Job.</summary>
    public const string CompletionIndexKey = "JOB_COMPLETION_INDEX";

    /// <summary>The key holding the job workload's name.</summary>
    public const string JobKey = "STRATA_JOB";

    /// <summary>
    /// Layers, later wins: discovery keys (no <c>PORT</c>: a task listens on nothing), the entries of
    /// the job's <c>EnvFrom</c> config and secret sets, the job's own <c>Env</c>; then the volume folders
    /// (<c>STRATA_VOLUME_*</c>) and <c>STRATA_JOB</c>.
    /// The index is added per task by <see cref="ForIndex"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(
        AppRevision revision,
        WorkloadSet workloads,
        JobWorkload job,
        Func<string, string, Uri> serviceUri,
        IReadOnlyDictionary<string, string>? volumes = null,
        Func<Strata.Manifest.UsedApp, Uri>? usedAppUri = null)
    {
        var env = new Dictionary<string, string>(DiscoveryEnvironment.Build(revision, workloads, serviceUri, port: null, usedAppUri), StringComparer.Ordinal);
        foreach (var setName in job.EnvFrom)
        {
            var data = workloads.Config.FirstOrDefault(c => c.Name == setName)?.Data
                ?? workloads.Secrets.FirstOrDefault(s => s.Name == setName)?.Data;
            foreach (var (key, value) in data ?? new Dictionary<string, string>())
            {
                env[key] = value;
            }
        }

        foreach (var (key, value) in job.Env.Concat(volumes ?? new Dictionary<string, string>()))
        {
            env[key] = value;
        }

        env[JobKey] = job.Name;
        return env;
    }

    /// <summary><paramref name="environment"/> with the task's index, which must win over anything the job set.</summary>
    public static IReadOnlyDictionary<string, string> ForIndex(IReadOnlyDictionary<string, string> environment, int index) =>
        new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            [CompletionIndexKey] = index.ToString(CultureInfo.InvariantCulture),
        };
}
