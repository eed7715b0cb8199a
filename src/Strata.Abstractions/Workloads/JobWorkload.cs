namespace Strata.Workloads;

/// <summary>
/// Run-to-completion work: <see cref="Completions"/> indexed tasks, <see cref="Parallelism"/> at a time.
/// Each task sees its index in <c>JOB_COMPLETION_INDEX</c>.
/// </summary>
public sealed record JobWorkload
{
    /// <summary>The component name, DNS-safe and unique within the app.</summary>
    public required string Name { get; init; }

    /// <summary>What runs.</summary>
    public required Artifact Artifact { get; init; }

    /// <summary>Arguments appended to the artifact's command.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>How many tasks run at once.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>How many tasks must succeed; task indexes are 0 to <c>Completions - 1</c>.</summary>
    public int Completions { get; init; } = 1;

    /// <summary>Retries of failed tasks before the job fails.</summary>
    public int BackoffLimit { get; init; } = 3;

    /// <summary>Seconds the whole job may run; none when null.</summary>
    public int? ActiveDeadlineSeconds { get; init; }

    /// <summary>Environment variables (discovery keys are added by the host).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Names of config and secret sets whose entries become environment variables.</summary>
    public IReadOnlyList<string> EnvFrom { get; init; } = [];

    /// <summary>Resource requests and limits.</summary>
    public ResourceRequirements? Resources { get; init; }

    /// <summary>The app volumes this workload mounts, and where.</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
}
