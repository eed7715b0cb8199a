using Strata.Core.Images;
using Strata.Testing;
using Strata.Workloads;

namespace Strata.Core.Tests.Images;

/// <summary>
/// Pushing to a real registry that requires HTTP basic authentication (the registry's htpasswd auth):
/// the right credentials push, wrong or missing ones fail naming the registry and the settings.
/// </summary>
public sealed class RegistryCredentialsTests : IDisposable
{
    private const string User = "strata-ci";
    private const string Password = "s3cret-pass";
    private readonly Strata.Testing.TempDirectory _work = new("strata-credentials");

    [SkippableFact]
    public async Task The_right_credentials_push_a_folder_image_over_a_base_in_the_same_registry()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync(user: (User, Password));
        var options = new RegistryOptions { Address = registry.Address, PlainHttp = true, Username = User, Password = Password };
        var baseImage = await PushTinyBaseAsync(options);

        var published = await new ImagePublisher(options with { BaseImage = baseImage.ToString() })
            .PublishFolderAsync(Folder(), "strata/tests-auth", "1", _work.Path, CancellationToken.None);

        using var client = new OciRegistryClient(options);
        await client.CheckAsync(CancellationToken.None);
        Assert.Equal(published.ImageDigest, await client.GetManifestDigestAsync("strata/tests-auth", "1", CancellationToken.None));
        Assert.Equal($"{registry.Address}/strata/tests-auth:1", published.Image);
    }

    [SkippableFact]
    public async Task Wrong_or_missing_credentials_fail_naming_the_registry_and_the_settings_and_push_nothing()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync(user: (User, Password));
        var right = new RegistryOptions { Address = registry.Address, PlainHttp = true, Username = User, Password = Password };
        var baseImage = (await PushTinyBaseAsync(right)).ToString();

        foreach (var (options, expected) in new[]
        {
            (right with { Password = "wrong", BaseImage = baseImage }, $"it does not accept the credentials of user '{User}'; check Strata:Registry:Username and Strata:Registry:Password."),
            (right with { Username = null, Password = null, BaseImage = baseImage }, "it requires credentials and none are configured; set Strata:Registry:Username and Strata:Registry:Password."),
        })
        {
            var publisher = new ImagePublisher(options);

            var check = await Assert.ThrowsAsync<StrataException>(() => publisher.CheckRegistryAsync(CancellationToken.None));
            var push = await Assert.ThrowsAsync<StrataException>(() => publisher.PublishFolderAsync(Folder(), "strata/tests-auth", "1", _work.Path, CancellationToken.None));

            Assert.Equal($"The registry at http://{registry.Address}/ refused to answer GET /v2/: 401 Unauthorized: {expected}", check.Message);
            Assert.StartsWith($"The registry at http://{registry.Address}/ refused to ", push.Message, StringComparison.Ordinal);
            Assert.EndsWith(expected, push.Message, StringComparison.Ordinal);
            Assert.Equal("Strata:Registry:Password", check.Path);
        }

        using var client = new OciRegistryClient(right);
        Assert.Null(await client.GetManifestDigestAsync("strata/tests-auth", "1", CancellationToken.None));
        Assert.Equal(0, registry.CountRequests("PUT", "strata/tests-auth/manifests/"));
    }

    public void Dispose() => _work.Dispose();

    private Artifact Folder()
    {
        var folder = Directory.CreateDirectory(_work.Combine("app")).FullName;
        File.WriteAllText(Path.Combine(folder, "hello.txt"), "hello");
        return new Artifact { Directory = folder, Command = ["cat", "hello.txt"] };
    }

    /// <summary>A one-layer base image, so these tests do not pack this machine's .NET runtime.</summary>
    private async Task<ImageReference> PushTinyBaseAsync(RegistryOptions options)
    {
        var folder = Directory.CreateDirectory(_work.Combine("base")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "os-release"), "tiny");
        using var client = new OciRegistryClient(options);
        var layer = ImageLayer.Create(_work.Combine("base.tar.gz"), ImageLayer.FolderEntries(folder, "/etc"));
        var pushed = await new ImagePusher(client).PushAsync(null, [layer], new ImageSettings(), "strata/tiny-base", "1", CancellationToken.None);
        return pushed with { Reference = "1" };
    }
}
