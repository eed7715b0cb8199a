using System.Net;
using Strata.Runtime.Local.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Volumes;

public sealed class VolumeTests
{
    private static WorkloadSet WithData(string greeting) => RuntimeHarness.Web(new Dictionary<string, string> { ["GREETING"] = greeting }) is var set
        ? set with
        {
            Volumes = [new PersistentVolume { Name = "app-data", Size = "64Mi" }],
            Services = [set.Services[0] with { Volumes = [new VolumeMount { Volume = "app-data", Path = "/data" }] }],
        }
        : throw new InvalidOperationException();

    [Fact]
    public async Task What_a_replica_writes_to_its_volume_is_there_for_the_next_revision_and_the_host_until_the_app_is_deleted()
    {
        await using var harness = new RuntimeHarness();
        Assert.True((await harness.ApplyAsync(1, WithData("one"))).Succeeded);
        var folder = await harness.GetAsync("/env/STRATA_VOLUME_APP_DATA");
        Assert.Equal(Path.Combine(harness.DataDirectory, "volumes", "tests", "demo", "app-data"), folder);

        var put = await harness.Http.PutAsync(new Uri(await harness.ServiceUriAsync(), "/volumes/app-data/note.txt"), new StringContent("kept"), RuntimeHarness.Timeout());
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        Assert.True((await harness.ApplyAsync(2, WithData("two"))).Succeeded);
        Assert.Equal("two from revision 2", await harness.GetAsync("/"));
        Assert.Equal("kept", await harness.GetAsync("/volumes/app-data/note.txt"));
        Assert.Equal(folder, harness.Runtime.GetVolumeFolder(RuntimeHarness.App, "app-data"));
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(folder, "note.txt"), RuntimeHarness.Timeout()));

        // A revision without the volume leaves its data alone: only deleting the app removes it.
        Assert.True((await harness.ApplyAsync(3, RuntimeHarness.Web())).Succeeded);
        Assert.True(File.Exists(Path.Combine(folder, "note.txt")));

        await harness.Runtime.DeleteAppAsync(RuntimeHarness.App, RuntimeHarness.Timeout());
        Assert.False(Directory.Exists(folder));
        Assert.Null(harness.Runtime.GetVolumeFolder(RuntimeHarness.App, "app-data"));
    }

    [Fact]
    public async Task A_job_task_finds_the_volume_a_service_wrote_to()
    {
        await using var harness = new RuntimeHarness();
        var set = WithData("one");
        Assert.True((await harness.ApplyAsync(1, set)).Succeeded);
        await harness.Http.PutAsync(new Uri(await harness.ServiceUriAsync(), "/volumes/app-data/input.txt"), new StringContent("42"), RuntimeHarness.Timeout());

        // The task copies the service's file, proving both see one folder.
        var job = new JobWorkload
        {
            Name = "copy",
            Artifact = new Artifact { Command = ["/bin/sh", "-c", "cp \"$STRATA_VOLUME_APP_DATA/input.txt\" \"$STRATA_VOLUME_APP_DATA/output-$JOB_COMPLETION_INDEX.txt\""] },
            BackoffLimit = 0,
            Volumes = [new VolumeMount { Volume = "app-data", Path = "/data" }],
        };
        Assert.True((await harness.ApplyAsync(2, set with { Jobs = [job] })).Succeeded);

        var output = Path.Combine(harness.Runtime.GetVolumeFolder(RuntimeHarness.App, "app-data")!, "output-0.txt");
        await RuntimeHarness.EventuallyAsync(() => Task.FromResult(File.Exists(output)), 30, "the job task's output file");
        Assert.Equal("42", await File.ReadAllTextAsync(output, RuntimeHarness.Timeout()));
    }

    [Fact]
    public async Task A_mount_of_an_undeclared_volume_is_refused_with_the_reason()
    {
        await using var harness = new RuntimeHarness();
        var set = RuntimeHarness.Web() is var web
            ? web with { Services = [web.Services[0] with { Volumes = [new VolumeMount { Volume = "missing", Path = "/data" }] }] }
            : throw new InvalidOperationException();

        var result = await harness.ApplyAsync(1, set);

        Assert.False(result.Succeeded);
        Assert.Contains("mounts volume 'missing'", result.Message, StringComparison.Ordinal);
        Assert.Contains("WorkloadSet.Volumes", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_outside_dns_labels_never_reach_the_file_system()
    {
        await using var harness = new RuntimeHarness();
        var runtime = harness.Runtime;
        Assert.Null(runtime.GetVolumeFolder(RuntimeHarness.App, "../../etc"));
        Assert.Null(runtime.GetVolumeFolder(new Core.Runtime.AppRef("tests", ".."), "data"));
    }
}
