namespace Strata.Discovery;

/// <summary>
/// Finds where a service of one of the vertical's apps answers, on whatever runtime runs it:
/// the loopback load balancer on Local, the cluster DNS name on Kubernetes. The host registers it
/// in every plugin's services.
/// </summary>
public interface IServiceEndpoints
{
    /// <summary>The base URL of <paramref name="service"/> of <paramref name="app"/>, or null when it does not run.</summary>
    /// <param name="app">The app name (within the calling vertical).</param>
    /// <param name="service">The service workload name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<Uri?> GetServiceUriAsync(string app, string service, CancellationToken cancellationToken = default);
}
