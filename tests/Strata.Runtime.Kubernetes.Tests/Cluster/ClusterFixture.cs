using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Strata.Runtime.Kubernetes.Cluster;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Cluster;

/// <summary>A stand-in API server, a client pointed at it over real HTTP, an applier and the progress lines.</summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    internal const string Namespace = "strata-functions";
    internal const string App = "hello-function";
    internal const string Deployment = "hello-function-fn";

    /// <summary>Generous: the machine is shared and loaded; nothing asserts on how fast a rollout is.</summary>
    internal static readonly TimeSpan Rollout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentQueue<string> progressLines = new();

    internal ApiStandIn StandIn { get; private set; } = null!;

    internal IKubernetes Kubernetes { get; private set; } = null!;

    internal KubernetesApplier Applier { get; private set; } = null!;

    internal IProgress<string> Progress { get; private set; } = null!;

    internal IReadOnlyList<string> ProgressLines => [.. progressLines];

    public async Task InitializeAsync()
    {
        StandIn = await ApiStandIn.StartAsync();
        Kubernetes = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = StandIn.Url });
        Applier = new KubernetesApplier(Kubernetes);
        Progress = new SyncProgress(progressLines.Enqueue);
    }

    public async Task DisposeAsync()
    {
        Kubernetes.Dispose();
        await StandIn.DisposeAsync();
    }

    /// <summary>The functions sample: namespace, Service, Deployment, Ingress.</summary>
    internal static AppObjects Functions()
    {
        var (revision, set) = Inputs.Functions();
        return AppObjects.For(revision, set, Inputs.Options);
    }

    /// <summary>The functions sample with a job beside its service.</summary>
    internal static AppObjects FunctionsWithJob(string job = "migrate", int revision = 1)
    {
        var (first, set) = Inputs.Functions();
        var revisionOf = first with { Number = revision };
        set = set with { Jobs = [new JobWorkload { Name = job, Artifact = revisionOf.DefaultArtifact, Completions = 2 }] };
        return AppObjects.For(revisionOf, set, Inputs.Options);
    }

    internal static AppObjects Storefront(bool withCatalog = true)
    {
        var (revision, set) = Inputs.Storefront();
        if (!withCatalog)
        {
            set = set with { Services = [.. set.Services.Where(s => s.Name != "catalog")] };
        }

        return AppObjects.For(revision, set, Inputs.Options);
    }

    internal static string? OwnerOf(JsonObject? item) => item?["metadata"]?["annotations"]?[StrataAnnotations.OwnedBy]?.GetValue<string>();

    internal static JsonObject Foreign(string apiVersion, string kind, string name, JsonObject? labels = null, string? owner = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = Namespace, ["labels"] = labels?.DeepClone() ?? new JsonObject() };
        if (owner is not null)
        {
            metadata["annotations"] = new JsonObject { [StrataAnnotations.OwnedBy] = owner };
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata, ["spec"] = new JsonObject() };
    }

    internal static JsonObject AppLabels(string app = App, string vertical = "functions") => new()
    {
        ["app.kubernetes.io/name"] = app,
        ["strata.dev/vertical"] = vertical,
        ["app.kubernetes.io/managed-by"] = "strata",
    };

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and lose ordering).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
