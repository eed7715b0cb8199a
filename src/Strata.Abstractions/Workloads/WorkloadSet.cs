namespace Strata.Workloads;

/// <summary>
/// What a vertical maps one app revision onto: services, jobs, routes, config and secrets.
/// CaaS-neutral: the Local runtime and the Kubernetes runtime both take it as it is.
/// </summary>
public sealed record WorkloadSet
{
    /// <summary>Long-running processes.</summary>
    public IReadOnlyList<ServiceWorkload> Services { get; init; } = [];

    /// <summary>Run-to-completion work.</summary>
    public IReadOnlyList<JobWorkload> Jobs { get; init; } = [];

    /// <summary>External HTTP entries into the services.</summary>
    public IReadOnlyList<Route> Routes { get; init; } = [];

    /// <summary>Named sets of non-secret settings, exposed to workloads as environment variables.</summary>
    public IReadOnlyList<ConfigSet> Config { get; init; } = [];

    /// <summary>Named sets of secret settings, exposed to workloads as environment variables.</summary>
    public IReadOnlyList<SecretSet> Secrets { get; init; } = [];

    /// <summary>The app's persistent volumes, kept from revision to revision; workloads mount them with <see cref="VolumeMount"/>.</summary>
    public IReadOnlyList<PersistentVolume> Volumes { get; init; } = [];

    /// <summary>HTTP requests to the app's services on cron schedules (timer triggers).</summary>
    public IReadOnlyList<ScheduledRequest> Schedules { get; init; } = [];

    /// <summary>Services of other apps of the same vertical that this app uses under a name of its own (density).</summary>
    public IReadOnlyList<SharedService> SharedServices { get; init; } = [];
}
