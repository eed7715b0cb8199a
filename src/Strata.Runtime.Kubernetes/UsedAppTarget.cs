namespace Strata.Runtime.Kubernetes;

/// <summary>
/// Where an app another app uses (<c>caas.uses</c>) is served inside the cluster: the service its route
/// leads to and that service's port. The using app's workloads get
/// <c>http://&lt;app&gt;-&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;:&lt;port&gt;</c>, the
/// Service the used app's own mapping creates.
/// </summary>
/// <param name="Service">The used app's service workload its route leads to.</param>
/// <param name="Port">That service's port number.</param>
public sealed record UsedAppTarget(string Service, int Port);
