namespace Strata.Core.Images;

/// <summary>The media types of OCI and Docker v2 images that Strata reads and writes.</summary>
public static class OciMediaTypes
{
    /// <summary>An OCI image manifest.</summary>
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>An OCI image index (a manifest per platform).</summary>
    public const string Index = "application/vnd.oci.image.index.v1+json";

    /// <summary>A Docker v2 image manifest (what the .NET SDK pushes).</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A Docker manifest list.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>An OCI image configuration.</summary>
    public const string Config = "application/vnd.oci.image.config.v1+json";

    /// <summary>A gzip-compressed tar layer.</summary>
    public const string LayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>What a client accepts when it asks for a manifest.</summary>
    public static readonly string[] AcceptedManifests = [Manifest, DockerManifest, Index, DockerManifestList];
}
