using Strata.Core.Runtime;
using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>Everything needed to start replicas of one service of one revision.</summary>
/// <param name="App">The app.</param>
/// <param name="Revision">The revision.</param>
/// <param name="Workloads">The revision's workload set: every service in it is discoverable.</param>
/// <param name="Service">The service workload.</param>
/// <param name="Launch">The program, arguments and working directory.</param>
/// <param name="ServiceUri">Where a (service, port name) answers: its stable load-balancer address.</param>
internal sealed record ReplicaTemplate(
    AppRef App,
    AppRevision Revision,
    WorkloadSet Workloads,
    ServiceWorkload Service,
    LaunchCommand Launch,
    Func<string, string, Uri> ServiceUri)
{
    /// <summary>The ports replicas listen on; a service that names none still gets <c>http</c>.</summary>
    public IReadOnlyList<ServicePort> Ports => Service.Ports.Count > 0 ? Service.Ports : [ServicePort.Http];

    /// <summary>Where an app of <c>caas.uses</c> answers (its gateway address); null when the revision uses none.</summary>
    public Func<Strata.Manifest.UsedApp, Uri>? UsedAppUri { get; init; }

    /// <summary>Where the service's volumes are (<c>STRATA_VOLUME_*</c>), set by the runtime: they win over the service's env.</summary>
    public IReadOnlyDictionary<string, string> VolumeEnvironment { get; init; } = new Dictionary<string, string>();
}
