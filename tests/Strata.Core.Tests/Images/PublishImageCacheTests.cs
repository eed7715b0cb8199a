using System.Diagnostics;
using Strata.Building;
using Strata.Core.Building;
using Strata.Core.Images;
using Strata.Core.Tests.Building;
using Strata.Testing;
using Strata.Workloads;
using Xunit.Abstractions;

namespace Strata.Core.Tests.Images;

/// <summary>
/// The host's <c>publish-image</c> step under the build runner's cache, against a real registry: an
/// unchanged build is cached only while the registry still has the image it recorded.
/// </summary>
public sealed class PublishImageCacheTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Unchanged_build_is_cached_until_the_registry_loses_the_image_then_pushed_again()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var registry = await LocalRegistry.StartAsync();
        using var build = new BuildRunnerFixture();
        build.Write("hello.txt", "hello");
        var publisher = new ImagePublisher(new RegistryOptions { Address = registry.Address, PlainHttp = true });

        var (first, firstTime) = await PublishAsync(build, publisher, "1");
        Assert.Equal(BuildStepStatus.Ran, Status(first));
        var digest = first.Artifacts[Artifact.DefaultName].ImageDigest!;
        var manifestPuts = registry.CountRequests("PUT", "/manifests/");

        // Unchanged: cached, one HEAD on the manifest by digest, no push.
        var (second, cachedTime) = await PublishAsync(build, publisher, "2");
        Assert.Equal(BuildStepStatus.Cached, Status(second));
        Assert.Equal(digest, second.Artifacts[Artifact.DefaultName].ImageDigest);
        Assert.Equal(manifestPuts, registry.CountRequests("PUT", "/manifests/"));
        Assert.Equal(1, await registry.CountRequestsAsync("HEAD", $"/manifests/{digest}", atLeast: 1));

        // The registry comes back empty at the same address: the cached record is a lie, so the step runs.
        await registry.RestartAsync(wipeData: true);
        var (third, repushTime) = await PublishAsync(build, publisher, "3");
        output.WriteLine($"publish-image: first {firstTime.TotalMilliseconds:0} ms, cached {cachedTime.TotalMilliseconds:0} ms, pushed again after the wipe {repushTime.TotalMilliseconds:0} ms");
        Assert.True(third.Succeeded, third.Error);
        Assert.Equal(BuildStepStatus.Ran, Status(third));
        Assert.Contains(build.Messages(WellKnownBuildSteps.PublishImage), m => m.Contains($"the registry at {registry.Address} no longer has strata/tests-cache@{digest}", StringComparison.Ordinal));
        var pushed = third.Artifacts[Artifact.DefaultName];
        using var client = new OciRegistryClient(publisher.Options);
        Assert.Equal(pushed.ImageDigest, await client.GetManifestDigestAsync("strata/tests-cache", "3", CancellationToken.None));

        // And cached again once the registry has it.
        var (fourth, _) = await PublishAsync(build, publisher, "4");
        Assert.Equal(BuildStepStatus.Cached, Status(fourth));
    }

    [SkippableFact]
    public async Task Another_registry_is_pushed_to_and_a_recorded_image_elsewhere_is_not_reused()
    {
        Skip.If(LocalRegistry.Unavailable is not null, LocalRegistry.Unavailable);
        await using var one = await LocalRegistry.StartAsync();
        await using var two = await LocalRegistry.StartAsync();
        using var build = new BuildRunnerFixture();
        build.Write("hello.txt", "hello");
        var first = new ImagePublisher(new RegistryOptions { Address = one.Address, PlainHttp = true });
        var second = new ImagePublisher(new RegistryOptions { Address = two.Address, PlainHttp = true });

        var (inOne, _) = await PublishAsync(build, first, "1");
        var (inTwo, _) = await PublishAsync(build, second, "2");

        Assert.Equal(BuildStepStatus.Ran, Status(inTwo));
        Assert.StartsWith(two.Address + "/", inTwo.Artifacts[Artifact.DefaultName].Image, StringComparison.Ordinal);
        Assert.Equal(1, two.CountRequests("PUT", "/manifests/2"));
        var elsewhere = await second.CheckPublishedAsync(inOne.Artifacts[Artifact.DefaultName], CancellationToken.None);
        Assert.Equal($"the image {one.Address}/strata/tests-cache:1 was pushed to {one.Address}, and the registry is now {two.Address}", elsewhere);
        Assert.Null(await second.CheckPublishedAsync(inTwo.Artifacts[Artifact.DefaultName], CancellationToken.None));
        Assert.Null(await second.CheckPublishedAsync(new Artifact { Directory = "/x", Command = ["run"] }, CancellationToken.None));
    }

    private static BuildStepStatus Status(BuildResult result) =>
        result.Steps.Single(s => s.Name == WellKnownBuildSteps.PublishImage).Status;

    /// <summary>A package step that copies the sources into an artifact folder, then the host's publish-image.</summary>
    private static async Task<(BuildResult Result, TimeSpan Elapsed)> PublishAsync(BuildRunnerFixture build, ImagePublisher publisher, string tag)
    {
        var package = new BuildStep(WellKnownBuildSteps.Package, context =>
        {
            var folder = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "out")).FullName;
            File.Copy(Path.Combine(context.SourceDirectory, "hello.txt"), Path.Combine(folder, "hello.txt"), overwrite: true);
            context.AddArtifact(new Artifact { Directory = folder, Command = ["cat", "hello.txt"] });
            return Task.CompletedTask;
        });
        var started = Stopwatch.GetTimestamp();
        var result = await new BuildRunner().RunAsync(new BuildRequest
        {
            Manifest = new Strata.Manifest.AppManifest { Name = "cache", Vertical = "tests" },
            SourceDirectory = build.Source,
            WorkRoot = build.WorkRoot,
            Steps = PublishImageStep.AddTo([package], publisher, "tests", "cache", tag),
            CheckCachedArtifact = publisher.CheckPublishedAsync,
            Log = build.Log.Add,
        }, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(result.Succeeded, result.Error);
        return (result, elapsed);
    }
}
