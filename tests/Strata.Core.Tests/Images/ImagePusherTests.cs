using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Core.Images;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Core.Tests.Images;

/// <summary>Images pushed through the OCI distribution API to a real registry, and run by podman where it is installed.</summary>
public sealed class ImagePusherTests(ITestOutputHelper output) : IDisposable
{
    private readonly Strata.Testing.TempDirectory _work = new("strata-images");

    [SkippableFact]
    public async Task Seeded_base_image_runs_this_machines_dotnet_under_podman()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync();
        using var client = new OciRegistryClient(new RegistryOptions { Address = registry.Address, PlainHttp = true });

        var image = await DotnetBaseImage.EnsureAsync(client, "strata/dotnet-runtime", _work.Path, CancellationToken.None);

        Assert.Equal(DotnetBaseImage.Tag, image.Reference);
        var (manifest, mediaType, digest) = await client.GetManifestAsync(image.Repository, image.Reference, CancellationToken.None);
        Assert.Equal(OciMediaTypes.Manifest, mediaType);
        Assert.Equal(digest, await client.GetManifestDigestAsync(image.Repository, image.Reference, CancellationToken.None));
        Assert.Single(JsonNode.Parse(manifest)!["layers"]!.AsArray());

        // Seeding again finds it and pushes nothing.
        var puts = registry.CountRequests("PUT", "/manifests/");
        await DotnetBaseImage.EnsureAsync(client, "strata/dotnet-runtime", _work.Path, CancellationToken.None);
        Assert.Equal(puts, registry.CountRequests("PUT", "/manifests/"));

        Skip.If(Podman.Unavailable is not null, Podman.Unavailable);
        try
        {
            var (exit, text) = await PodmanRunAsync($"{registry.Address}/{image.Repository}@{digest}", "dotnet", "--list-runtimes");
            Assert.True(exit == 0, text);
            Assert.Contains($"Microsoft.NETCore.App {DotnetBaseImage.Tag}", text, StringComparison.Ordinal);
            Assert.Contains($"Microsoft.AspNetCore.App {DotnetBaseImage.Tag}", text, StringComparison.Ordinal);
        }
        finally
        {
            await Podman.RemoveContainersAndImagesFromAsync(registry.Address);
        }
    }

    [SkippableFact]
    public async Task Same_folder_gives_the_same_digest_and_uploads_no_layer_twice()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync();
        using var client = new OciRegistryClient(new RegistryOptions { Address = registry.Address, PlainHttp = true });
        var folder = Directory.CreateDirectory(_work.Combine("app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "hello.txt"), "hello");
        var pusher = new ImagePusher(client);
        var settings = new ImageSettings { Entrypoint = ["/app/run"], WorkingDirectory = "/app" };

        var first = await pusher.PushAsync(null, [ImageLayer.Create(_work.Combine("1.tar.gz"), ImageLayer.FolderEntries(folder, "/app"))], settings, "t/app", "1", CancellationToken.None);
        var uploads = registry.CountRequests("PUT", "/blobs/uploads/");
        var second = await pusher.PushAsync(null, [ImageLayer.Create(_work.Combine("2.tar.gz"), ImageLayer.FolderEntries(folder, "/app"))], settings, "t/app", "2", CancellationToken.None);

        Assert.Equal(first.Reference, second.Reference);
        Assert.Equal(uploads, registry.CountRequests("PUT", "/blobs/uploads/"));
        Assert.Equal(first.Reference, await client.GetManifestDigestAsync("t/app", "2", CancellationToken.None));

        await File.WriteAllTextAsync(Path.Combine(folder, "hello.txt"), "changed");
        var third = await pusher.PushAsync(null, [ImageLayer.Create(_work.Combine("3.tar.gz"), ImageLayer.FolderEntries(folder, "/app"))], settings, "t/app", "3", CancellationToken.None);
        Assert.NotEqual(first.Reference, third.Reference);
    }

    [Fact]
    public async Task A_registry_that_is_not_listening_is_a_clear_error()
    {
        using var client = new OciRegistryClient(new RegistryOptions { Address = "127.0.0.1:1", PlainHttp = true });

        var error = await Assert.ThrowsAsync<StrataException>(() => client.GetManifestDigestAsync("strata/x", "1", CancellationToken.None));

        Assert.Contains("Cannot reach the registry at http://127.0.0.1:1/", error.Message, StringComparison.Ordinal);
        Assert.Contains("Strata:Registry:Address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", false, "no scheme")]
    [InlineData("127.0.0.1:5000/x", false, "no scheme, no path")]
    [InlineData("registry.example.com", true, "only allowed for a loopback")]
    public void Bad_registry_settings_are_refused_with_the_key(string address, bool plainHttp, string expected)
    {
        var problems = new RegistryOptions { Address = address, PlainHttp = plainHttp }.Validate();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Throws<StrataException>(() => new OciRegistryClient(new RegistryOptions { Address = address, PlainHttp = plainHttp }));
    }

    [Fact]
    public void Image_references_parse_and_print_back()
    {
        Assert.True(ImageReference.TryParse("127.0.0.1:5000/strata/fn-hello:3", out var tagged));
        Assert.Equal(new ImageReference("127.0.0.1:5000", "strata/fn-hello", "3"), tagged);
        var digest = "sha256:" + new string('a', 64);
        Assert.Equal($"127.0.0.1:5000/strata/fn-hello@{digest}", tagged.WithDigest(digest).ToString());
        Assert.False(ImageReference.TryParse("hello:3", out _));
        Assert.False(ImageReference.TryParse("127.0.0.1:5000/Upper/x:3", out _));
        Assert.False(ImageReference.TryParse("127.0.0.1:5000/x@sha256:short", out _));
    }

    public void Dispose() => _work.Dispose();

    private async Task<(int Exit, string Output)> PodmanRunAsync(string image, params string[] command)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["run", "--rm", "--tls-verify=false", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", "--network", "host", image, .. command])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine(text);
        return (process.ExitCode, text);
    }
}
