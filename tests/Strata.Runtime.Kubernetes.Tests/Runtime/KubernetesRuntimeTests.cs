using System.Text.Json.Nodes;
using Strata.Core.Runtime;
using Strata.Policy;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Runtime.Kubernetes.Tests.Cluster;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Runtime;

/// <summary>The <c>kubernetes</c> runtime over real HTTP against the stand-in API server.</summary>
public sealed class KubernetesRuntimeTests : ClusterFixture
{
    private static readonly AppRef Hello = new("functions", App);

    private KubernetesRuntime CreateRuntime(ClusterInputs? inputs = null) =>
        new(Kubernetes, Inputs.Options, new FixedInputs(inputs ?? ClusterInputs.None), new KubernetesRuntimeOptions { RolloutTimeout = Rollout });

    [Fact]
    public async Task Apply_puts_the_objects_a_render_shows_waits_for_available_and_status_says_ready()
    {
        var (revision, set) = Inputs.Functions();
        var runtime = CreateRuntime(new ClusterInputs(Inputs.FunctionsPolicy, RawInputs.None));

        var result = await runtime.ApplyAsync(revision, set, CancellationToken.None);
        StandIn.SeedPod(Namespace, "hello-function-fn-7d9c-abcde", PodLabels("fn", 1), ready: true, "started");
        var status = await runtime.GetStatusAsync(Hello, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        var expected = AppObjects.For(revision, set, Inputs.Options, Inputs.FunctionsPolicy).Objects;
        foreach (var item in expected)
        {
            var resource = KubernetesResource.Of(item);
            var metadata = AppObjects.MetadataOf(item);
            Assert.True(StandIn.Get(resource.Group, resource.Plural, resource.Namespaced ? metadata.NamespaceProperty ?? Namespace : null, metadata.Name) is not null, $"{item.Kind} {metadata.Name} was not applied");
        }

        Assert.Equal(1, status.Revision);
        var service = Assert.Single(status.Services);
        Assert.Equal("fn", service.Name);
        Assert.Equal(1, service.DesiredReplicas);
        Assert.Equal(1, service.ReadyReplicas);
        Assert.Equal(new Uri("http://hello-function-fn.strata-functions.svc.cluster.local:8080"), service.Uri);
        var replica = Assert.Single(service.Replicas);
        Assert.Equal(("hello-function-fn-7d9c-abcde", ReplicaState.Ready, 1), (replica.Id, replica.State, replica.Restarts));
        Assert.Equal(service.Uri, await runtime.GetServiceUriAsync(Hello, "fn", CancellationToken.None));
        Assert.Null(await runtime.GetServiceUriAsync(Hello, "nope", CancellationToken.None));
    }

    [Fact]
    public async Task Watch_starts_with_the_current_status()
    {
        var (revision, set) = Inputs.Functions();
        var runtime = CreateRuntime();
        Assert.True((await runtime.ApplyAsync(revision, set, CancellationToken.None)).Succeeded);
        using var stop = new CancellationTokenSource();

        AppRuntimeStatus? first = null;
        await foreach (var status in runtime.WatchAsync(Hello, stop.Token))
        {
            first = status;
            break;
        }

        Assert.NotNull(first);
        Assert.Equal(1, first.Revision);
        Assert.Equal("fn", Assert.Single(first.Services).Name);
    }

    [Fact]
    public async Task A_rollout_that_never_becomes_available_is_a_failed_result_naming_the_object_and_the_reason()
    {
        var (revision, set) = Inputs.Functions();
        StandIn.Deployment(Deployment, DeploymentBehaviour.ProgressDeadline(TimeSpan.FromMilliseconds(300), "BackOff", "Back-off restarting failed container fn"));

        var result = await CreateRuntime().ApplyAsync(revision, set, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("Deployment strata-functions/hello-function-fn", result.Message, StringComparison.Ordinal);
        Assert.Contains("Back-off restarting failed container fn", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_the_mapping_refuses_is_a_failed_result_and_nothing_is_applied()
    {
        var (revision, set) = Inputs.Functions();
        var noImage = revision with { Artifacts = new Dictionary<string, Artifact> { [Artifact.DefaultName] = new() { Name = Artifact.DefaultName, Command = ["dotnet", "x.dll"] } } };
        set = set with { Services = [set.Services[0] with { Artifact = noImage.DefaultArtifact }] };

        var result = await CreateRuntime().ApplyAsync(noImage, set, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("has no OCI image", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StandIn.Requests, r => r.StartsWith("PATCH ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_removes_the_apps_objects_and_status_then_says_not_running()
    {
        var (revision, set) = Inputs.Functions();
        var runtime = CreateRuntime();
        Assert.True((await runtime.ApplyAsync(revision, set, CancellationToken.None)).Succeeded);

        await runtime.DeleteAppAsync(Hello, CancellationToken.None);

        Assert.Null(StandIn.Get("apps", "deployments", Namespace, Deployment));
        Assert.Null(StandIn.Get("", "services", Namespace, Deployment));
        Assert.NotNull(StandIn.Get("", "namespaces", null, Namespace));
        Assert.Equal(AppRuntimeStatus.NotRunning(Hello), await runtime.GetStatusAsync(Hello, CancellationToken.None) with { Services = [], Jobs = [] });
        Assert.Null((await runtime.GetStatusAsync(Hello, CancellationToken.None)).Revision);
    }

    [Fact]
    public async Task Logs_are_read_from_the_apps_pods_oldest_first_and_one_workload_can_be_picked()
    {
        StandIn.SeedPod(Namespace, "hello-function-fn-1", PodLabels("fn", 1), ready: true, "fn one", "fn two");
        StandIn.SeedPod(Namespace, "hello-function-migrate-0", PodLabels("migrate", 1), ready: false, "migrated");
        StandIn.SeedPod(Namespace, "other-app-fn-1", new JsonObject { ["app.kubernetes.io/name"] = "other-app", ["strata.dev/vertical"] = "functions" }, ready: true, "not mine");
        var runtime = CreateRuntime();

        var all = await ReadAsync(runtime.ReadLogsAsync(Hello, new LogQuery(), CancellationToken.None));
        var fn = await ReadAsync(runtime.ReadLogsAsync(Hello, new LogQuery { Workload = "fn", Tail = 1 }, CancellationToken.None));

        Assert.Equal(["fn one", "fn two", "migrated"], all.Select(l => l.Line).Order(StringComparer.Ordinal));
        Assert.All(all, l => Assert.StartsWith("hello-function-", l.Source, StringComparison.Ordinal));
        Assert.Equal([("hello-function-fn-1", "fn two")], fn.Select(l => (l.Source, l.Line)));
        Assert.Contains(StandIn.Requests, r => r.StartsWith("GET /api/v1/namespaces/strata-functions/pods/hello-function-fn-1/log?", StringComparison.Ordinal) && r.Contains("timestamps=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Following_logs_reads_each_pods_stream_until_it_ends()
    {
        StandIn.SeedPod(Namespace, "hello-function-fn-1", PodLabels("fn", 1), ready: true, "a1", "a2");
        StandIn.SeedPod(Namespace, "hello-function-fn-2", PodLabels("fn", 1), ready: true, "b1");
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var lines = await ReadAsync(CreateRuntime().ReadLogsAsync(Hello, new LogQuery { Follow = true }, bound.Token));

        Assert.Equal(["a1", "a2", "b1"], lines.Select(l => l.Line).Order(StringComparer.Ordinal));
        Assert.Equal(2, StandIn.Requests.Count(r => r.Contains("/log?", StringComparison.Ordinal) && r.Contains("follow=true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Scale_patches_the_deployments_scale_and_cancel_suspends_the_job()
    {
        var objects = FunctionsWithJob();
        var (revision, set) = Inputs.Functions();
        set = set with { Jobs = [new JobWorkload { Name = "migrate", Artifact = revision.DefaultArtifact, Completions = 2 }] };
        var runtime = CreateRuntime();
        Assert.True((await runtime.ApplyAsync(revision, set, CancellationToken.None)).Succeeded);

        await runtime.ScaleAsync(Hello, "fn", 3, CancellationToken.None);
        await runtime.CancelJobAsync(Hello, "migrate", CancellationToken.None);

        Assert.Equal(3, StandIn.Get("apps", "deployments", Namespace, Deployment)!["spec"]!["replicas"]!.GetValue<int>());
        var job = AppObjects.MetadataOf(objects.Objects.Single(o => o.Kind == "Job")).Name;
        Assert.True(StandIn.Get("batch", "jobs", Namespace, job)!["spec"]!["suspend"]!.GetValue<bool>());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => runtime.CancelJobAsync(Hello, "nope", CancellationToken.None));
    }

    private static JsonObject PodLabels(string component, int revision) => new()
    {
        ["app.kubernetes.io/name"] = App,
        ["app.kubernetes.io/component"] = component,
        ["strata.dev/vertical"] = "functions",
        ["strata.dev/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<List<LogEntry>> ReadAsync(IAsyncEnumerable<LogEntry> lines)
    {
        var list = new List<LogEntry>();
        await foreach (var line in lines)
        {
            list.Add(line);
        }

        return list;
    }

    private sealed class FixedInputs(ClusterInputs inputs) : IClusterInputs
    {
        public ValueTask<ClusterInputs> GetAsync(AppRevision revision, CancellationToken cancellationToken) => ValueTask.FromResult(inputs);
    }
}
