namespace Strata.Workloads;

/// <summary>
/// A service this app uses as its own but another app of the same vertical runs: density, e.g. many
/// function apps served by one pool of workers. Routes, scheduled requests and the host's service
/// lookups (<see cref="Discovery.IServiceEndpoints"/>) that name <see cref="Name"/> reach service
/// <see cref="Service"/> of app <see cref="App"/>; until that app runs it, the name has no replica.
/// The Local runtime supports it; the Kubernetes mapping refuses it for now.
/// </summary>
public sealed record SharedService
{
    /// <summary>The name this app's routes and schedules use, DNS-safe, unique among the app's services.</summary>
    public required string Name { get; init; }

    /// <summary>The app of the same vertical that runs the service.</summary>
    public required string App { get; init; }

    /// <summary>The name of the service in <see cref="App"/>'s workload set.</summary>
    public required string Service { get; init; }

    /// <summary>
    /// A folder of this revision's default artifact (relative, e.g. <c>functions/hello</c>) that the runtime
    /// shows the shared service while this revision serves: as an entry named after this app in the folder its
    /// replicas find in <c>STRATA_CONTRIBUTIONS_DIR</c>, replaced by the next revision's and removed with the app.
    /// None when null.
    /// </summary>
    public string? Contribution { get; init; }
}
