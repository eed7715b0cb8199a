using Strata.Building;
using Strata.Workloads;

namespace Strata.Core.Images;

/// <summary>
/// Turns an artifact into an image in the configured registry: with the .NET SDK's container
/// publishing when a step named the artifact's project (<see cref="WellKnownBuildProperties.DotnetProject"/>),
/// otherwise by packing the artifact folder into a layer over the base image and pushing it through
/// the OCI distribution API. Either way the digest is read back from the registry.
/// </summary>
public sealed class ImagePublisher
{
    private readonly RegistryOptions _options;

    /// <summary>Creates a publisher for the registry of <paramref name="options"/>.</summary>
    /// <exception cref="StrataException">The options name no registry or are invalid.</exception>
    public ImagePublisher(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || options.Validate().Count > 0)
        {
            throw new StrataException($"The registry settings are invalid: {string.Join(" ", options.Validate().DefaultIfEmpty("Strata:Registry:Address is not set."))}", "Strata:Registry");
        }

        _options = options;
    }

    /// <summary>The settings.</summary>
    public RegistryOptions Options => _options;

    /// <summary>The repository of an app's artifact: <c>&lt;prefix&gt;/&lt;vertical&gt;-&lt;app&gt;[-&lt;artifact&gt;]</c>.</summary>
    public string Repository(string vertical, string app, string artifact) =>
        $"{_options.RepositoryPrefix}/{vertical}-{app}{(artifact == Artifact.DefaultName ? "" : "-" + artifact)}".ToLowerInvariant();

    /// <summary>What the image depends on besides the artifact: a step's cache key.</summary>
    public string CacheKey => string.Join('|', "publish-image/1", _options.Address, _options.PlainHttp, _options.Username, _options.RepositoryPrefix, _options.BaseImage ?? "seeded:" + DotnetBaseImage.Tag);

    /// <summary>Checks that the registry answers, so a deploy fails before it builds rather than after.</summary>
    /// <exception cref="StrataException">It cannot be reached, or refuses the credentials.</exception>
    public async Task CheckRegistryAsync(CancellationToken ct)
    {
        using var registry = new OciRegistryClient(_options);
        await registry.CheckAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Why the image a cached build recorded for <paramref name="artifact"/> cannot be reused, or null
    /// when it can (or the artifact has no image): it was pushed to another registry, or the registry
    /// no longer has it (its storage was wiped, or another registry now answers at the address).
    /// One HEAD on the manifest by digest.
    /// </summary>
    public async Task<string?> CheckPublishedAsync(Artifact artifact, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Image is null || artifact.ImageDigest is null)
        {
            return null;
        }

        if (!ImageReference.TryParse(artifact.Image, out var image))
        {
            return $"the recorded image '{artifact.Image}' is not an image reference";
        }

        using var registry = new OciRegistryClient(_options);
        if (!string.Equals(image.Registry, registry.Address, StringComparison.OrdinalIgnoreCase))
        {
            return $"the image {artifact.Image} was pushed to {image.Registry}, and the registry is now {registry.Address}";
        }

        try
        {
            return await registry.GetManifestDigestAsync(image.Repository, artifact.ImageDigest, ct).ConfigureAwait(false) is null
                ? $"the registry at {registry.Address} no longer has {image.Repository}@{artifact.ImageDigest}"
                : null;
        }
        catch (StrataException ex)
        {
            // Running the step again reports the registry's problem where the user looks for it.
            return ex.Message;
        }
    }

    /// <summary>The base image: the configured one, or the one seeded from this machine's .NET runtime.</summary>
    public async Task<ImageReference> BaseImageAsync(string workDirectory, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(_options.BaseImage))
        {
            return ImageReference.TryParse(_options.BaseImage, out var configured) ? configured
                : throw new StrataException($"Strata:Registry:BaseImage '{_options.BaseImage}' is not an image reference.", "Strata:Registry:BaseImage");
        }

        using var registry = new OciRegistryClient(_options);
        return await DotnetBaseImage.EnsureAsync(registry, $"{_options.RepositoryPrefix}/dotnet-runtime", workDirectory, ct).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="artifact"/> as <paramref name="repository"/>:<paramref name="tag"/>.</summary>
    /// <returns>The artifact with <see cref="Artifact.Image"/> (by tag) and <see cref="Artifact.ImageDigest"/> set.</returns>
    public async Task<Artifact> PublishAsync(IBuildContext context, Artifact artifact, string repository, string tag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Directory is null || !Directory.Exists(artifact.Directory))
        {
            throw new BuildStepException($"Artifact '{artifact.Name}' has no folder to build an image from; the package step must set Artifact.Directory.");
        }

        var baseImage = await BaseImageAsync(context.WorkDirectory, ct).ConfigureAwait(false);
        using var registry = new OciRegistryClient(_options);
        string digest;
        if (artifact.Name == Artifact.DefaultName && context.Properties.TryGetValue(WellKnownBuildProperties.DotnetProject, out var project))
        {
            await PublishWithSdkAsync(context, project, baseImage, repository, tag).ConfigureAwait(false);
            digest = await registry.GetManifestDigestAsync(repository, tag, ct).ConfigureAwait(false)
                ?? throw new BuildStepException($"dotnet publish -t:PublishContainer succeeded but the registry has no {repository}:{tag}.");
        }
        else
        {
            digest = (await PushFolderAsync(registry, baseImage, artifact, repository, tag, context.WorkDirectory, ct).ConfigureAwait(false)).Reference;
        }

        return artifact with { Image = new ImageReference(registry.Address, repository, tag).ToString(), ImageDigest = digest };
    }

    /// <summary>
    /// Packs the artifact's folder into <c>/app</c> over the base image, with the artifact's command as
    /// the entry point, and pushes it: the path for artifacts that are not a .NET project.
    /// </summary>
    /// <returns>The artifact with <see cref="Artifact.Image"/> (by tag) and <see cref="Artifact.ImageDigest"/> set.</returns>
    public async Task<Artifact> PublishFolderAsync(Artifact artifact, string repository, string tag, string workDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var baseImage = await BaseImageAsync(workDirectory, ct).ConfigureAwait(false);
        using var registry = new OciRegistryClient(_options);
        var pushed = await PushFolderAsync(registry, baseImage, artifact, repository, tag, workDirectory, ct).ConfigureAwait(false);
        return artifact with { Image = new ImageReference(registry.Address, repository, tag).ToString(), ImageDigest = pushed.Reference };
    }

    private static async Task<ImageReference> PushFolderAsync(OciRegistryClient registry, ImageReference baseImage, Artifact artifact, string repository, string tag, string workDirectory, CancellationToken ct)
    {
        if (artifact.Directory is null || !Directory.Exists(artifact.Directory))
        {
            throw new BuildStepException($"Artifact '{artifact.Name}' has no folder to build an image from; the package step must set Artifact.Directory.");
        }

        if (artifact.Command.Count == 0)
        {
            throw new BuildStepException($"Artifact '{artifact.Name}' has no command; the image needs one as its entry point.");
        }

        var layerPath = Path.Combine(workDirectory, $"{artifact.Name}.layer.tar.gz");
        var layer = ImageLayer.Create(layerPath, ImageLayer.FolderEntries(artifact.Directory, "/app"));
        try
        {
            // A program in the folder ("./server") is found in /app; others ("dotnet") on the image's PATH.
            var entrypoint = artifact.Command.ToList();
            if (!entrypoint[0].StartsWith('/') && File.Exists(Path.Combine(artifact.Directory, entrypoint[0])))
            {
                entrypoint[0] = "/app/" + Path.GetRelativePath(artifact.Directory, Path.Combine(artifact.Directory, entrypoint[0])).Replace('\\', '/');
            }

            return await new ImagePusher(registry).PushAsync(baseImage, [layer], new ImageSettings { Entrypoint = entrypoint, WorkingDirectory = "/app" }, repository, tag, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(layerPath);
        }
    }

    private async Task PublishWithSdkAsync(IBuildContext context, string project, ImageReference baseImage, string repository, string tag)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        if (_options.PlainHttp)
        {
            environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = _options.Address!.Trim();
        }

        if (!string.IsNullOrEmpty(_options.Username))
        {
            // The SDK's own variables for registry credentials (no Docker config file needed).
            environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = _options.Username;
            environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = _options.Password!;
        }

        await context.RunProcessAsync(
            "dotnet",
            [
                "publish", project, "-c", "Release", "-t:PublishContainer", "--nologo", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary",
                "-p:EnableSdkContainerSupport=true",
                $"-p:ContainerRegistry={_options.Address!.Trim()}",
                $"-p:ContainerRepository={repository}",
                $"-p:ContainerImageTag={tag}",
                $"-p:ContainerBaseImage={baseImage}",
                "-p:ContainerRuntimeIdentifier=linux-x64",
            ],
            Path.GetDirectoryName(project),
            environment).ConfigureAwait(false);
    }
}
