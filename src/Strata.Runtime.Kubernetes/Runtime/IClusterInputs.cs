using Strata.Workloads;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// Finds a revision's <see cref="ClusterInputs"/>: the host knows the vertical's policy and where the
/// revision's sources (with their raw manifests and patches) are kept; the runtime does not.
/// </summary>
public interface IClusterInputs
{
    /// <summary>The cluster policy and raw inputs of <paramref name="revision"/>.</summary>
    /// <param name="revision">The revision about to be applied.</param>
    /// <param name="cancellationToken">Cancels reading the raw files.</param>
    /// <exception cref="Core.StrataException">A raw manifest or patch cannot be read; the message says which.</exception>
    ValueTask<ClusterInputs> GetAsync(AppRevision revision, CancellationToken cancellationToken);
}
