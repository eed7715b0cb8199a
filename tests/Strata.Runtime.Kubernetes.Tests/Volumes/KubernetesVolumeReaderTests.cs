using System.Text.Json.Nodes;
using k8s;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Runtime.Kubernetes.Volumes;
using Strata.Testing;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Volumes;

/// <summary>
/// The volume reader over real HTTP and a real exec WebSocket: the stand-in API behind <see cref="ExecFront"/>,
/// whose exec runs the real <c>tar</c> on a local folder standing for the claim.
/// </summary>
public sealed class KubernetesVolumeReaderTests : IAsyncLifetime
{
    private const string Namespace = "strata-simulation";
    private const string Pod = "heat-results-reader";
    private static readonly AppRef Heat = new("simulation", "heat");

    private readonly TempDirectory _claim = new("strata-claim");
    private readonly TempDirectory _mirrors = new("strata-mirrors");
    private readonly List<KubernetesVolumeReader> _readers = [];
    private ApiStandIn _standIn = null!;
    private ExecFront _front = null!;
    private IKubernetes _kubernetes = null!;

    public async Task InitializeAsync()
    {
        _standIn = await ApiStandIn.StartAsync();
        _front = await ExecFront.StartAsync(_standIn);
        _kubernetes = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _front.Url });
        _standIn.Seed("", "namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        _standIn.Seed("", "persistentvolumeclaims", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = "heat-results", ["namespace"] = Namespace },
            ["spec"] = new JsonObject(),
        });
        _front.MountClaim(Namespace, "heat-results", _claim.Path);
    }

    public async Task DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync();
        }

        _kubernetes.Dispose();
        await _front.DisposeAsync();
        await _standIn.DisposeAsync();
        _claim.Dispose();
        _mirrors.Dispose();
    }

    [Fact]
    public async Task Files_in_the_claim_appear_in_the_mirror_and_a_later_read_sees_what_changed()
    {
        Write("runs/run-1/run.json", """{"run":"run-1"}""");
        Write("runs/run-1/tasks/0/progress", "0\n1\n");
        Write("runs/run-1/tasks/0/old.txt", "gone soon");
        var reader = Reader(ttl: TimeSpan.Zero);

        var folder = await reader.GetFolderAsync(Heat, "results", CancellationToken.None);

        Assert.NotNull(folder);
        Assert.StartsWith(_mirrors.Path, folder, StringComparison.Ordinal);
        Assert.Equal("""{"run":"run-1"}""", Read(folder, "runs/run-1/run.json"));
        Assert.Equal("0\n1\n", Read(folder, "runs/run-1/tasks/0/progress"));
        Assert.Equal($"{Pod}: tar cf - -C /data .", Assert.Single(_front.Execs));
        var pod = _standIn.Get("", "pods", Namespace, Pod)!;
        Assert.Equal("simulation/heat", pod["metadata"]!["annotations"]![StrataAnnotations.OwnedBy]!.GetValue<string>());
        Assert.Equal("results", pod["metadata"]!["labels"]!["strata.dev/volume-reader"]!.GetValue<string>());
        Assert.Equal("heat-results", pod["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());

        File.AppendAllText(Path.Combine(_claim.Path, "runs/run-1/tasks/0/progress"), "2\n");
        File.Delete(Path.Combine(_claim.Path, "runs/run-1/tasks/0/old.txt"));
        Write("runs/run-1/tasks/1/status.json", """{"state":"running"}""");
        var again = await reader.GetFolderAsync(Heat, "results", CancellationToken.None);

        Assert.Equal(folder, again);
        Assert.Equal("0\n1\n2\n", Read(folder, "runs/run-1/tasks/0/progress"));
        Assert.False(File.Exists(Path.Combine(folder, "runs/run-1/tasks/0/old.txt")));
        Assert.Equal("""{"state":"running"}""", Read(folder, "runs/run-1/tasks/1/status.json"));
        Assert.Equal(2, _front.Execs.Count);
    }

    [Fact]
    public async Task A_read_within_the_ttl_is_served_from_the_mirror_without_an_exec()
    {
        Write("a.txt", "first");
        var reader = Reader(ttl: TimeSpan.FromHours(1));
        var folder = (await reader.GetFolderAsync(Heat, "results", CancellationToken.None))!;

        Write("a.txt", "second");
        await reader.GetFolderAsync(Heat, "results", CancellationToken.None);

        Assert.Equal("first", Read(folder, "a.txt"));
        Assert.Single(_front.Execs);
    }

    [Fact]
    public async Task An_app_without_the_claim_has_no_folder_and_gets_no_reader()
    {
        var folder = await Reader().GetFolderAsync(new AppRef("simulation", "other"), "results", CancellationToken.None);

        Assert.Null(folder);
        Assert.Empty(_standIn.List("", "pods", Namespace));
        Assert.Null(await Reader().GetFolderAsync(new AppRef("simulation", "Not_A_Name"), "results", CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_tar_is_a_clear_error_with_its_exit_code_and_stderr()
    {
        // The claim's folder is not there: the real tar cannot change into it.
        _front.MountClaim(Namespace, "heat-results", Path.Combine(_claim.Path, "missing"));

        var error = await Assert.ThrowsAsync<StrataException>(() => Reader().GetFolderAsync(Heat, "results", CancellationToken.None));

        Assert.Contains($"pod {Namespace}/{Pod}", error.Message, StringComparison.Ordinal);
        Assert.Matches("exited with code [12]", error.Message);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tar_that_exits_1_without_an_archive_fails_and_leaves_the_mirror_as_it_was()
    {
        Write("a.txt", "kept");
        var reader = Reader(ttl: TimeSpan.Zero);
        var folder = (await reader.GetFolderAsync(Heat, "results", CancellationToken.None))!;

        // As busybox tar fails: exit 1, nothing written.
        _front.Programs["tar"] = "false";
        var error = await Assert.ThrowsAsync<StrataException>(() => reader.GetFolderAsync(Heat, "results", CancellationToken.None));

        Assert.Contains("exited with code 1 and wrote no archive", error.Message, StringComparison.Ordinal);
        Assert.Equal("kept", Read(folder, "a.txt"));
    }

    [Fact]
    public async Task An_exec_the_api_refuses_says_which_permission_it_needs()
    {
        _front.RefuseExec = 403;

        var error = await Assert.ThrowsAsync<StrataException>(() => Reader().GetFolderAsync(Heat, "results", CancellationToken.None));

        Assert.Contains("pods/exec", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pod {Namespace}/{Pod}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_that_does_not_start_names_the_image_and_the_reason()
    {
        _front.StartPods = false;
        var reader = Reader(start: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<StrataException>(() => reader.GetFolderAsync(Heat, "results", CancellationToken.None));

        Assert.Contains("did not start in 1s", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImagePullBackOff", error.Message, StringComparison.Ordinal);
        Assert.Contains("busybox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_larger_than_the_cap_is_refused()
    {
        Write("field.bin", new string('x', 200_000));

        var error = await Assert.ThrowsAsync<StrataException>(() => Reader(maxBytes: 50_000).GetFolderAsync(Heat, "results", CancellationToken.None));

        Assert.Contains("50000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("VolumeMirrorMaxBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_app_deletes_its_reader_and_its_mirror()
    {
        Write("a.txt", "a");
        var runtime = new KubernetesRuntime(_kubernetes, new KubernetesMappingOptions(), new NoInputs(),
            new KubernetesRuntimeOptions { VolumeMirrorRoot = _mirrors.Path });
        var folder = (await runtime.Volumes.GetFolderAsync(Heat, "results", CancellationToken.None))!;
        Assert.NotNull(_standIn.Get("", "pods", Namespace, Pod));

        await runtime.DeleteAppAsync(Heat, CancellationToken.None);

        Assert.Null(_standIn.Get("", "pods", Namespace, Pod));
        Assert.False(Directory.Exists(folder));
        await runtime.Volumes.DisposeAsync();
    }

    [Fact]
    public async Task A_reader_unused_for_the_idle_timeout_is_deleted()
    {
        Write("a.txt", "a");
        var reader = Reader(idle: TimeSpan.FromMilliseconds(300));
        await reader.GetFolderAsync(Heat, "results", CancellationToken.None);

        // The reader pod was made (on a loaded machine its 300 ms idle may already have passed by now).
        Assert.Contains(_standIn.Requests, r => (r.StartsWith("POST ", StringComparison.Ordinal) || r.StartsWith("PATCH ", StringComparison.Ordinal))
            && r.Contains("/pods", StringComparison.Ordinal));
        for (var i = 0; i < 100 && _standIn.Get("", "pods", Namespace, Pod) is not null; i++)
        {
            await Task.Delay(100);
        }

        Assert.Null(_standIn.Get("", "pods", Namespace, Pod));
    }

    private KubernetesVolumeReader Reader(TimeSpan? ttl = null, long maxBytes = 1 << 20, TimeSpan? idle = null, TimeSpan? start = null)
    {
        var reader = new KubernetesVolumeReader(_kubernetes, new KubernetesMappingOptions(), new KubernetesRuntimeOptions
        {
            VolumeMirrorRoot = _mirrors.Path,
            VolumeMirrorTtl = ttl ?? TimeSpan.Zero,
            VolumeMirrorMaxBytes = maxBytes,
            VolumeReaderIdleTimeout = idle ?? TimeSpan.FromMinutes(10),
            VolumeReaderStartTimeout = start ?? TimeSpan.FromSeconds(30),
        });
        _readers.Add(reader);
        return reader;
    }

    private void Write(string path, string content)
    {
        var file = Path.Combine(_claim.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    private static string Read(string folder, string path) => File.ReadAllText(Path.Combine(folder, path));

    private sealed class NoInputs : IClusterInputs
    {
        public ValueTask<ClusterInputs> GetAsync(AppRevision revision, CancellationToken cancellationToken) => ValueTask.FromResult(ClusterInputs.None);
    }
}
