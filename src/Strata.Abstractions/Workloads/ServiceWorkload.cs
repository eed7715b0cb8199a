namespace Strata.Workloads;

/// <summary>A long-running process: artifact, command, replicas, ports, probes, env, resources, autoscale bounds.</summary>
public sealed record ServiceWorkload
{
    /// <summary>The component name, DNS-safe and unique within the app (e.g. <c>web</c>, <c>fn</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What runs: a folder and entry command, and/or an OCI image.</summary>
    public required Artifact Artifact { get; init; }

    /// <summary>Arguments appended to the artifact's command.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>How many replicas to run (when there are no autoscale bounds).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>The ports the process listens on. The first one is the one <c>PORT</c> names.</summary>
    public IReadOnlyList<ServicePort> Ports { get; init; } = [ServicePort.Http];

    /// <summary>Gates traffic: a replica gets requests only while this probe passes.</summary>
    public HttpProbe? Readiness { get; init; }

    /// <summary>Heals: a replica whose liveness probe fails repeatedly is restarted.</summary>
    public HttpProbe? Liveness { get; init; }

    /// <summary>Environment variables (discovery keys are added by the host).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Names of <see cref="ConfigSet"/>s and <see cref="SecretSet"/>s whose entries become environment variables.</summary>
    public IReadOnlyList<string> EnvFrom { get; init; } = [];

    /// <summary>Resource requests and limits.</summary>
    public ResourceRequirements? Resources { get; init; }

    /// <summary>Autoscale bounds; when set they win over <see cref="Replicas"/>.</summary>
    public AutoscaleBounds? Autoscale { get; init; }

    /// <summary>The app volumes this workload mounts, and where.</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
}
