using Strata.Verticals.Simulation.Runs;
using Strata.Verticals.Simulation.Spec;
using Strata.Workloads;

namespace Strata.Verticals.Simulation.Mapping;

/// <summary>
/// Maps a simulation app revision: the results volume (kept across revisions) and, when the revision's
/// spec has a <c>run</c>, one indexed job of one task per parameter set with the run's parallelism.
/// A revision is a run: deploying the model with a new <c>spec.run</c> starts that run. Pure.
/// </summary>
internal static class SimulationMapping
{
    /// <summary>The job workload of a run.</summary>
    public const string JobName = "run";

    /// <summary>The volume runs write their results to.</summary>
    public const string ResultsVolume = "results";

    /// <summary>Where a container or pod sees the results volume.</summary>
    public const string ResultsPath = "/results";

    /// <summary>Retries of a crashed task; a model that fails on its inputs writes 'failed' and exits 0, so it is not retried.</summary>
    public const int BackoffLimit = 2;

    public static WorkloadSet Map(AppRevision revision)
    {
        var spec = SimulationSpec.Parse(revision.Manifest);
        // ReadWriteMany: the tasks of a run write at once, from any node of a cluster.
        var volumes = new[] { new PersistentVolume { Name = ResultsVolume, Size = spec.ResultsSize, Access = VolumeAccess.ReadWriteMany } };
        if (spec.Run is not { } run)
        {
            return new WorkloadSet { Volumes = volumes };
        }

        var job = new JobWorkload
        {
            Name = JobName,
            Artifact = revision.DefaultArtifact,
            Completions = run.ParameterSets.Count,
            Parallelism = run.Parallelism,
            BackoffLimit = BackoffLimit,
            ActiveDeadlineSeconds = run.DeadlineSeconds,
            Env = new Dictionary<string, string>
            {
                [RunDocument.EnvironmentVariable] = RunDocument.Write(RunDocument.RunId(revision.Number), revision.Number, run),
            },
            Volumes = [new VolumeMount { Volume = ResultsVolume, Path = ResultsPath }],
        };
        return new WorkloadSet { Volumes = volumes, Jobs = [job] };
    }
}
