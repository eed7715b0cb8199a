using System.Text;
using System.Text.Json.Nodes;

namespace Strata.Core.Images;

/// <summary>
/// Builds an image from layers on top of a base image and pushes it through the OCI distribution
/// API; no container engine is involved. Base layers stay where they are (mounted across
/// repositories of the same registry), so a push uploads only the new layers.
/// </summary>
public sealed class ImagePusher(OciRegistryClient registry)
{
    // A fixed creation time: the same layers and settings give the same digest, so a rebuild of
    // unchanged input is recognisably the same image.
    private const string FixedCreated = "2000-01-01T00:00:00Z";

    /// <summary>Pushes <paramref name="layers"/> over <paramref name="baseImage"/> (null: no base) as <paramref name="repository"/>:<paramref name="tag"/>.</summary>
    /// <returns>The pushed image, by digest.</returns>
    /// <exception cref="StrataException">The base image is in another registry or missing, or the registry refused a request.</exception>
    public async Task<ImageReference> PushAsync(ImageReference? baseImage, IReadOnlyList<ImageLayer> layers, ImageSettings settings, string repository, string tag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(settings);
        if (!ImageReference.IsValidRepository(repository))
        {
            throw new StrataException($"'{repository}' is not a valid repository name (lowercase letters, digits, '.', '_', '-', '/').");
        }

        JsonObject config;
        var manifestLayers = new JsonArray();
        if (baseImage is null)
        {
            config = new JsonObject
            {
                ["architecture"] = "amd64",
                ["os"] = "linux",
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
                ["history"] = new JsonArray(),
            };
        }
        else
        {
            if (!string.Equals(baseImage.Registry, registry.Address, StringComparison.OrdinalIgnoreCase))
            {
                throw new StrataException($"The base image {baseImage} is in registry '{baseImage.Registry}', not in the configured registry '{registry.Address}'; push the base image to '{registry.Address}' first or leave Strata:Registry:BaseImage empty to let Strata seed one.", "Strata:Registry:BaseImage");
            }

            var (manifest, baseConfig) = await ReadBaseAsync(baseImage, ct).ConfigureAwait(false);
            config = baseConfig;
            foreach (var layer in manifest["layers"]!.AsArray())
            {
                var digest = (string)layer!["digest"]!;
                await registry.EnsureBlobAsync(repository, digest, (long)layer["size"]!,
                    // Only when the registry does not mount across repositories: copy it through this process.
                    async token => new MemoryStream(await registry.GetBlobAsync(baseImage.Repository, digest, token).ConfigureAwait(false)),
                    baseImage.Repository, ct).ConfigureAwait(false);
                manifestLayers.Add(layer.DeepClone());
            }
        }

        foreach (var layer in layers)
        {
            await registry.EnsureBlobAsync(repository, layer.Digest, layer.Length, _ => Task.FromResult<Stream>(File.OpenRead(layer.Path)), null, ct).ConfigureAwait(false);
            manifestLayers.Add(new JsonObject { ["mediaType"] = OciMediaTypes.LayerGzip, ["digest"] = layer.Digest, ["size"] = layer.Length });
            config["rootfs"]!["diff_ids"]!.AsArray().Add(layer.DiffId);
            (config["history"] ??= new JsonArray()).AsArray().Add(new JsonObject { ["created"] = FixedCreated, ["created_by"] = "strata publish-image" });
        }

        Apply(config, settings);
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = OciRegistryClient.Digest(configBytes);
        await registry.EnsureBlobAsync(repository, configDigest, configBytes.Length, _ => Task.FromResult<Stream>(new MemoryStream(configBytes)), null, ct).ConfigureAwait(false);

        var imageManifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.Manifest,
            ["config"] = new JsonObject { ["mediaType"] = OciMediaTypes.Config, ["digest"] = configDigest, ["size"] = configBytes.Length },
            ["layers"] = manifestLayers,
        };
        var manifestBytes = Encoding.UTF8.GetBytes(imageManifest.ToJsonString());
        var pushed = await registry.PutManifestAsync(repository, tag, manifestBytes, OciMediaTypes.Manifest, ct).ConfigureAwait(false);
        return new ImageReference(registry.Address, repository, pushed);
    }

    private async Task<(JsonObject Manifest, JsonObject Config)> ReadBaseAsync(ImageReference image, CancellationToken ct)
    {
        var (content, mediaType, _) = await registry.GetManifestAsync(image.Repository, image.Reference, ct).ConfigureAwait(false);
        var manifest = JsonNode.Parse(content)!.AsObject();
        if (mediaType is OciMediaTypes.Index or OciMediaTypes.DockerManifestList)
        {
            var entry = manifest["manifests"]!.AsArray().FirstOrDefault(m => (string?)m!["platform"]?["os"] == "linux" && (string?)m["platform"]?["architecture"] == "amd64")
                ?? throw new StrataException($"The base image {image} has no linux/amd64 image.", "Strata:Registry:BaseImage");
            (content, _, _) = await registry.GetManifestAsync(image.Repository, (string)entry["digest"]!, ct).ConfigureAwait(false);
            manifest = JsonNode.Parse(content)!.AsObject();
        }

        var configDigest = (string)manifest["config"]!["digest"]!;
        var config = JsonNode.Parse(await registry.GetBlobAsync(image.Repository, configDigest, ct).ConfigureAwait(false))!.AsObject();
        return (manifest, config);
    }

    private static void Apply(JsonObject image, ImageSettings settings)
    {
        image["created"] = FixedCreated;
        var config = (image["config"] ??= new JsonObject()).AsObject();
        if (settings.Entrypoint.Count > 0)
        {
            config["Entrypoint"] = new JsonArray([.. settings.Entrypoint.Select(a => JsonValue.Create(a))]);
            config.Remove("Cmd");
        }

        if (settings.WorkingDirectory is not null)
        {
            config["WorkingDir"] = settings.WorkingDirectory;
        }

        if (settings.User is not null)
        {
            config["User"] = settings.User;
        }

        var env = new List<string>(config["Env"]?.AsArray().Select(e => (string)e!) ?? []);
        foreach (var (key, value) in settings.Environment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            env.RemoveAll(e => e.StartsWith(key + "=", StringComparison.Ordinal));
            env.Add($"{key}={value}");
        }

        config["Env"] = new JsonArray([.. env.Select(e => JsonValue.Create(e))]);
    }

}
