using Strata.Core;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>The image reference a container runs, pinned to the digest when the build recorded one.</summary>
internal static class ContainerImage
{
    /// <summary>
    /// <c>repository@sha256:…</c> when the artifact has a digest (a tag can be moved; a digest cannot,
    /// so every replica of a revision runs the same bits), else the artifact's image as it is.
    /// </summary>
    public static string For(Artifact artifact, string workload, string app)
    {
        if (string.IsNullOrEmpty(artifact.Image))
        {
            throw new StrataException(
                $"Workload '{workload}' of app '{app}' has no OCI image, and the Kubernetes runtime needs one. " +
                "Add the publish-image build step to the vertical (e.g. 'dotnet publish -t:PublishContainer') so the artifact records an image, or deploy with the local runtime.",
                $"artifacts.{artifact.Name}.image");
        }

        return string.IsNullOrEmpty(artifact.ImageDigest)
            ? artifact.Image
            : $"{Repository(artifact.Image)}@{artifact.ImageDigest}";
    }

    // The tag is the part after the last ':' of the last path segment; a ':' before the last '/'
    // is a registry port (localhost:5000/app) and stays.
    private static string Repository(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            image = image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }
}
