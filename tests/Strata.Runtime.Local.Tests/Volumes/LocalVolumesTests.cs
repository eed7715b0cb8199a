using Strata.Runtime.Local.Replicas;
using Strata.Runtime.Local.Volumes;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Volumes;

public sealed class LocalVolumesTests
{
    private static readonly IReadOnlyDictionary<string, string> Folders = new Dictionary<string, string> { ["data"] = "/srv/strata/volumes/fn/a/data", ["cache"] = "/srv/c" };
    private static readonly VolumeMount[] Mounts = [new() { Volume = "data", Path = "/data" }, new() { Volume = "cache", Path = "/var/cache/app", ReadOnly = true }];

    [Fact]
    public void A_process_gets_the_host_folders_and_no_mount_arguments()
    {
        var launch = new LaunchCommand("dotnet", ["app.dll"], "/srv/app");

        var (attached, env) = LocalVolumes.Attach(launch, Mounts, Folders);

        Assert.Same(launch, attached);
        Assert.Equal("/srv/strata/volumes/fn/a/data", env["STRATA_VOLUME_DATA"]);
        Assert.Equal("/srv/c", env["STRATA_VOLUME_CACHE"]);
    }

    [Fact]
    public void A_container_gets_volume_arguments_and_its_mount_paths()
    {
        var launch = LaunchCommand.From(new Artifact { Image = "r/x:1", ImageDigest = "sha256:" + new string('a', 64) }, [], new ContainerOptions())!;

        var (attached, env) = LocalVolumes.Attach(launch, Mounts, Folders);

        var arguments = attached.Container!.RunArguments("n", [], []);
        var image = arguments.ToList().IndexOf("r/x@sha256:" + new string('a', 64));
        var data = arguments.ToList().IndexOf("/srv/strata/volumes/fn/a/data:/data");
        Assert.True(data > 0 && arguments[data - 1] == "--volume" && data < image, string.Join(' ', arguments));
        Assert.Contains("/srv/c:/var/cache/app:ro", arguments);
        Assert.Equal("/data", env["STRATA_VOLUME_DATA"]);
        Assert.Equal("/var/cache/app", env["STRATA_VOLUME_CACHE"]);
    }
}
