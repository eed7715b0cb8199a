using System.Diagnostics;
using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Runtime.Kubernetes.Cluster;

namespace Strata.Runtime.Kubernetes.Tests.Cluster;

/// <summary>The apply flow over real HTTP against the stand-in API server: apply, watch, prune, ownership.</summary>
public sealed class KubernetesApplierTests : ClusterFixture
{
    [Fact]
    public async Task Apply_lands_every_object_with_field_manager_strata_and_the_owner_then_waits_for_the_watch_to_say_available()
    {
        // Long enough that the applier's list still sees it unavailable and has to watch.
        StandIn.Deployment(Deployment, DeploymentBehaviour.Available(TimeSpan.FromSeconds(4)));

        var result = await Applier.ApplyAsync(Functions(), Rollout, Progress);

        Assert.Equal(
            ["Namespace strata-functions", "Service strata-functions/hello-function-fn", "Deployment strata-functions/hello-function-fn", "Ingress strata-functions/hello-function-http"],
            result.Applied.Select(r => r.ToString()));
        Assert.Empty(result.Pruned);
        var objects = new[]
        {
            StandIn.Get("", "namespaces", null, Namespace),
            StandIn.Get("", "services", Namespace, Deployment),
            StandIn.Get("apps", "deployments", Namespace, Deployment),
            StandIn.Get("networking.k8s.io", "ingresses", Namespace, "hello-function-http"),
        };
        foreach (var item in objects)
        {
            Assert.NotNull(item);
            var managers = item["metadata"]!["managedFields"]!.AsArray().Select(f => (f!["manager"]!.GetValue<string>(), f["operation"]!.GetValue<string>()));
            Assert.Contains(("strata", "Apply"), managers);
        }

        Assert.Equal("functions", OwnerOf(objects[0]));
        Assert.All(objects.Skip(1), o => Assert.Equal("functions/hello-function", OwnerOf(o)));
        var deployment = objects[2]!;
        Assert.Equal("True", deployment["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Available")!["status"]!.GetValue<string>());

        var patches = StandIn.Requests.Where(r => r.StartsWith("PATCH ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, patches.Count);
        Assert.All(patches, p => Assert.Contains("fieldManager=strata", p, StringComparison.Ordinal));
        Assert.All(patches, p => Assert.Contains("force=true", p, StringComparison.Ordinal));
        Assert.Contains(StandIn.Requests, r => r.StartsWith("GET /apis/apps/v1/namespaces/strata-functions/deployments?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal));
        Assert.Contains("Deployment strata-functions/hello-function-fn is available", ProgressLines);
    }

    [Fact]
    public async Task An_HTTPRoute_goes_to_the_Gateway_API_group_with_its_spec_as_rendered()
    {
        var (revision, set) = Support.Inputs.Functions();
        var options = Support.Inputs.Options with { UseGatewayApi = true, GatewayName = "public", GatewayNamespace = "gateways" };

        await Applier.ApplyAsync(AppObjects.For(revision, set, options), Rollout, Progress);

        var route = StandIn.Get("gateway.networking.k8s.io", "httproutes", Namespace, "hello-function-http");
        Assert.NotNull(route);
        Assert.Equal("gateway.networking.k8s.io/v1", route["apiVersion"]!.GetValue<string>());
        Assert.Equal("HTTPRoute", route["kind"]!.GetValue<string>());
        Assert.Equal("public", route["spec"]!["parentRefs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("functions/hello-function", OwnerOf(route));
        Assert.Contains(StandIn.Requests, r => r.StartsWith("PATCH /apis/gateway.networking.k8s.io/v1/namespaces/strata-functions/httproutes/hello-function-http?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_that_never_becomes_available_fails_within_the_timeout_naming_the_deployment_and_the_pod_event()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.Never(
            "Failed", "Failed to pull image \"localhost:5000/strata/hello-function@sha256:4f53\": not found"));
        var timeout = TimeSpan.FromSeconds(3);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), timeout, Progress));

        Assert.StartsWith("Deployment strata-functions/hello-function-fn did not become available within 3s: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Available=False (MinimumReplicasUnavailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("0/1 available", error.Message, StringComparison.Ordinal);
        Assert.Contains("events: pod hello-function-fn-5d8f7c9b4-x2x9z: Failed: Failed to pull image \"localhost:5000/strata/hello-function@sha256:4f53\": not found", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= timeout, $"gave up after {clock.Elapsed}, before the timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed} for a 3s timeout");
    }

    [Fact]
    public async Task A_deployment_past_its_progress_deadline_fails_at_once_not_at_the_timeout()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.ProgressDeadline(TimeSpan.FromMilliseconds(500), "BackOff", "Back-off restarting failed container fn"));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), TimeSpan.FromMinutes(10), Progress));

        Assert.StartsWith("Deployment strata-functions/hello-function-fn failed to roll out: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Progressing=False (ProgressDeadlineExceeded", error.Message, StringComparison.Ordinal);
        Assert.Contains("Back-off restarting failed container fn", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}: it waited for the 10 min timeout instead of failing fast");
    }

    [Fact]
    public async Task The_verticals_policy_objects_are_shared_by_its_apps_and_never_pruned_by_one_of_them()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.Available(TimeSpan.Zero));
        StandIn.Deployment("other-fn", DeploymentBehaviour.Available(TimeSpan.Zero));
        var (revision, set) = Support.Inputs.Functions();
        var (other, otherSet) = Support.Inputs.Functions();
        other = other with { Manifest = other.Manifest with { Name = "other" } };

        var first = await Applier.ApplyAsync(AppObjects.For(revision, set, Support.Inputs.Options, Support.Inputs.FunctionsPolicy), Rollout, Progress);
        var second = await Applier.ApplyAsync(AppObjects.For(other, otherSet, Support.Inputs.Options, Support.Inputs.FunctionsPolicy), Rollout, Progress);
        var again = await Applier.ApplyAsync(AppObjects.For(revision, set with { Routes = [] }, Support.Inputs.Options, Support.Inputs.FunctionsPolicy), Rollout, Progress);

        Assert.Contains("ResourceQuota strata-functions/strata-quota", first.Applied.Select(r => r.ToString()));
        Assert.Contains("NetworkPolicy strata-functions/strata-isolation", second.Applied.Select(r => r.ToString()));
        Assert.Equal(["Ingress strata-functions/hello-function-http"], again.Pruned.Select(r => r.ToString()));
        foreach (var (group, plural, name) in new[] { ("", "resourcequotas", "strata-quota"), ("", "limitranges", "strata-container-defaults"), ("networking.k8s.io", "networkpolicies", "strata-isolation") })
        {
            var item = StandIn.Get(group, plural, Namespace, name);
            Assert.NotNull(item);
            Assert.Equal("functions", OwnerOf(item));
        }
    }

    [Fact]
    public async Task Prune_deletes_the_stale_objects_of_the_app_and_leaves_foreign_ones_with_the_apps_labels_alone()
    {
        var storefront = Storefront();
        var ns = storefront.Namespace;
        await Applier.ApplyAsync(storefront, Rollout, Progress);
        Assert.NotNull(StandIn.Get("apps", "deployments", ns, "storefront-catalog"));
        var labels = AppLabels("storefront", "services");
        StandIn.Seed("", "configmaps", ForeignIn(ns, "v1", "ConfigMap", "storefront-handmade", labels, owner: null));
        StandIn.Seed("", "configmaps", ForeignIn(ns, "v1", "ConfigMap", "storefront-other", labels, owner: "services/other"));

        var result = await Applier.ApplyAsync(Storefront(withCatalog: false), Rollout, Progress);

        Assert.Equal(
            ["Service strata-services/storefront-catalog", "Deployment strata-services/storefront-catalog"],
            result.Pruned.Select(r => r.ToString()).OrderDescending());
        Assert.Null(StandIn.Get("apps", "deployments", ns, "storefront-catalog"));
        Assert.Null(StandIn.Get("", "services", ns, "storefront-catalog"));
        Assert.NotNull(StandIn.Get("apps", "deployments", ns, "storefront-web"));
        Assert.NotNull(StandIn.Get("", "configmaps", ns, "storefront-handmade"));
        Assert.NotNull(StandIn.Get("", "configmaps", ns, "storefront-other"));
        Assert.All(
            StandIn.Requests.Where(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains(" body: ", StringComparison.Ordinal)),
            r => Assert.Contains("\"propagationPolicy\":\"Background\"", r, StringComparison.Ordinal));
        Assert.Contains("pruned Deployment strata-services/storefront-catalog", ProgressLines);
    }

    [Fact]
    public async Task A_claim_the_next_revision_drops_keeps_its_data_until_the_app_is_deleted()
    {
        var (revision, set) = Support.Inputs.Storefront();
        var withVolume = set with
        {
            Volumes = [new Workloads.PersistentVolume { Name = "orders", Size = "2Gi" }],
            Services = [.. set.Services.Select(s => s.Name == "catalog" ? s with { Volumes = [new Workloads.VolumeMount { Volume = "orders", Path = "/data" }] } : s)],
        };
        var app = AppObjects.For(revision, withVolume, Support.Inputs.Options);
        await Applier.ApplyAsync(app, Rollout, Progress);
        var claim = StandIn.Get("", "persistentvolumeclaims", app.Namespace, "storefront-orders");
        Assert.Equal("2Gi", claim?["spec"]?["resources"]?["requests"]?["storage"]?.GetValue<string>());

        var result = await Applier.ApplyAsync(AppObjects.For(revision with { Number = 2 }, set, Support.Inputs.Options), Rollout, Progress);

        Assert.DoesNotContain(result.Pruned, r => r.ToString().Contains("PersistentVolumeClaim", StringComparison.Ordinal));
        Assert.NotNull(StandIn.Get("", "persistentvolumeclaims", app.Namespace, "storefront-orders"));

        var deleted = await Applier.DeleteAppAsync("services", "storefront", app.Namespace, DeletePropagation.Background, Progress);

        Assert.Contains(deleted, r => r.ToString() == "PersistentVolumeClaim strata-services/storefront-orders");
        Assert.Null(StandIn.Get("", "persistentvolumeclaims", app.Namespace, "storefront-orders"));
    }

    [Fact]
    public async Task Prune_skips_a_kind_the_app_does_not_use_and_Strata_may_not_list_but_not_one_it_uses()
    {
        StandIn.Forbid("list", "roles");

        await Applier.ApplyAsync(Functions(), Rollout, Progress);

        Assert.Contains("skipped roles.rbac.authorization.k8s.io: Strata may not list them in strata-functions", ProgressLines);

        StandIn.Forbid("list", "services");
        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));
        Assert.StartsWith("Strata may not list services in namespace strata-functions (Service objects in namespace strata-functions): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_object_without_the_apps_owner_is_refused_and_nothing_is_applied()
    {
        StandIn.Seed("", "namespaces", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = Namespace, ["annotations"] = new JsonObject { [StrataAnnotations.OwnedBy] = "functions" } },
        });
        StandIn.Seed("apps", "deployments", Foreign("apps/v1", "Deployment", Deployment, AppLabels()));

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));

        Assert.Equal(
            "Deployment strata-functions/hello-function-fn exists and is not owned by Strata app functions/hello-function (it has no strata.dev/owned-by annotation); rename or delete it.",
            error.Message);
        Assert.DoesNotContain(StandIn.Requests, r => r.StartsWith("PATCH ", StringComparison.Ordinal));
        Assert.Null(OwnerOf(StandIn.Get("apps", "deployments", Namespace, Deployment)));
    }

    [Fact]
    public async Task An_object_owned_by_another_app_is_refused_naming_its_owner()
    {
        await Applier.ApplyAsync(Functions(), Rollout, Progress);
        StandIn.Seed("", "configmaps", Foreign("v1", "ConfigMap", "hello-function-settings", AppLabels(), owner: "functions/other"));
        var (revision, set) = Support.Inputs.Functions();
        set = set with { Config = [new Strata.Workloads.ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["A"] = "1" } }] };

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(AppObjects.For(revision, set, Support.Inputs.Options), Rollout, Progress));

        Assert.Equal(
            "ConfigMap strata-functions/hello-function-settings exists and is not owned by Strata app functions/hello-function (it is owned by 'functions/other'); rename or delete it.",
            error.Message);
        Assert.Equal("functions/other", OwnerOf(StandIn.Get("", "configmaps", Namespace, "hello-function-settings")));
    }

    [Fact]
    public async Task A_namespace_Strata_does_not_own_is_refused_with_the_way_to_adopt_it()
    {
        StandIn.Seed("", "namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));

        Assert.Equal(
            "Namespace strata-functions exists and is not owned by Strata vertical functions (it has no strata.dev/owned-by annotation); rename or delete it, or annotate it with strata.dev/owned-by=functions to let Strata manage it.",
            error.Message);
        Assert.DoesNotContain(StandIn.Requests, r => r.StartsWith("PATCH ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_409_conflict_names_the_object_and_the_conflicting_field()
    {
        StandIn.FailApply("deployments", Namespace, Deployment, 409, ApiStandIn.ConflictStatus("spec.replicas", "kubectl-edit"));

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));

        Assert.StartsWith("Kubernetes refused to patch Deployment strata-functions/hello-function-fn: conflict: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("fields: spec.replicas (conflict with \"kubectl-edit\" using apps/v1)", error.Message, StringComparison.Ordinal);
        Assert.Equal("spec.replicas", error.Path);
    }

    [Fact]
    public async Task A_422_invalid_names_the_object_and_the_invalid_field()
    {
        StandIn.FailApply("deployments", Namespace, Deployment, 422, ApiStandIn.InvalidStatus(
            "Deployment", "apps", Deployment, "spec.template.spec.containers[0].image", "FieldValueRequired", "Required value"));

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));

        Assert.StartsWith("Kubernetes refused Deployment strata-functions/hello-function-fn as invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("fields: spec.template.spec.containers[0].image (Required value)", error.Message, StringComparison.Ordinal);
        Assert.Equal("spec.template.spec.containers[0].image", error.Path);
        // Objects after the refused one are not applied.
        Assert.Null(StandIn.Get("networking.k8s.io", "ingresses", Namespace, "hello-function-http"));
    }

    [Fact]
    public async Task A_403_names_the_verb_and_the_resource_to_grant()
    {
        StandIn.Forbid("patch", "deployments");

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(Functions(), Rollout, Progress));

        Assert.StartsWith("Strata may not patch deployments.apps in namespace strata-functions (Deployment strata-functions/hello-function-fn): ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Grant the identity Strata runs as the 'patch' verb on resource 'deployments' in API group 'apps'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_app_removes_only_the_objects_the_app_owns()
    {
        await Applier.ApplyAsync(Functions(), Rollout, Progress);
        StandIn.Seed("", "configmaps", Foreign("v1", "ConfigMap", "hello-function-handmade", AppLabels()));
        StandIn.Seed("", "services", Foreign("v1", "Service", "other-fn", AppLabels("other"), owner: "functions/other"));

        var deleted = await Applier.DeleteAppAsync("functions", App, Namespace, DeletePropagation.Foreground, Progress);

        Assert.Equal(
            ["Deployment strata-functions/hello-function-fn", "Ingress strata-functions/hello-function-http", "Service strata-functions/hello-function-fn"],
            deleted.Select(d => d.ToString()).Order());
        Assert.Null(StandIn.Get("apps", "deployments", Namespace, Deployment));
        Assert.Null(StandIn.Get("", "services", Namespace, Deployment));
        Assert.NotNull(StandIn.Get("", "configmaps", Namespace, "hello-function-handmade"));
        Assert.NotNull(StandIn.Get("", "services", Namespace, "other-fn"));
        Assert.NotNull(StandIn.Get("", "namespaces", null, Namespace));
        Assert.All(
            StandIn.Requests.Where(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains(" body: ", StringComparison.Ordinal)),
            r => Assert.Contains("\"propagationPolicy\":\"Foreground\"", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_that_completes_ends_the_wait()
    {
        StandIn.Job("hello-function-migrate-r1", JobBehaviour.Complete(TimeSpan.FromSeconds(1)));

        var result = await Applier.ApplyAsync(FunctionsWithJob(), Rollout, Progress);

        Assert.Contains(result.Applied, r => r.ToString() == "Job strata-functions/hello-function-migrate-r1");
        Assert.Contains("Job strata-functions/hello-function-migrate-r1 is complete", ProgressLines);
        Assert.Contains("Complete", StandIn.Get("batch", "jobs", Namespace, "hello-function-migrate-r1")!["status"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_is_an_error_naming_the_job_its_condition_and_its_pods_event()
    {
        StandIn.Job("hello-function-migrate-r1", JobBehaviour.Fail(TimeSpan.FromMilliseconds(500), "BackOff", "Back-off restarting failed container migrate in pod hello-function-migrate-r1-0-k7q2d"));

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(FunctionsWithJob(), Rollout, Progress));

        Assert.StartsWith("Job strata-functions/hello-function-migrate-r1 failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Failed=True (BackoffLimitExceeded: Job has reached the specified backoff limit)", error.Message, StringComparison.Ordinal);
        Assert.Contains("pod hello-function-migrate-r1-0-k7q2d: BackOff: Back-off restarting failed container migrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_revision_runs_its_own_job_and_the_earlier_one_is_pruned()
    {
        await Applier.ApplyAsync(FunctionsWithJob(), Rollout, Progress);
        Assert.NotNull(StandIn.Get("batch", "jobs", Namespace, "hello-function-migrate-r1"));

        var second = await Applier.ApplyAsync(FunctionsWithJob(revision: 2), Rollout, Progress);

        Assert.NotNull(StandIn.Get("batch", "jobs", Namespace, "hello-function-migrate-r2"));
        Assert.Null(StandIn.Get("batch", "jobs", Namespace, "hello-function-migrate-r1"));
        Assert.Equal(["Job strata-functions/hello-function-migrate-r1"], second.Pruned.Select(r => r.ToString()));
    }

    [Fact]
    public async Task A_job_that_keeps_its_name_across_revisions_is_replaced_since_its_pod_template_cannot_change()
    {
        // A raw manifest's Job keeps the name its author gave it, revision after revision.
        await Applier.ApplyAsync(WithJobNamed("migrate-once", FunctionsWithJob()), Rollout, Progress);
        var first = StandIn.Get("batch", "jobs", Namespace, "migrate-once")!["metadata"]!["uid"]!.GetValue<string>();

        await Applier.ApplyAsync(WithJobNamed("migrate-once", FunctionsWithJob(revision: 2)), Rollout, Progress);

        var job = StandIn.Get("batch", "jobs", Namespace, "migrate-once")!;
        Assert.NotEqual(first, job["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("2", job["metadata"]!["labels"]!["strata.dev/revision"]!.GetValue<string>());
        Assert.Contains("deleted Job strata-functions/migrate-once of an earlier revision (a Job's pod template cannot change)", ProgressLines);

        // The same revision again is a plain apply: the Job is not run twice.
        await Applier.ApplyAsync(WithJobNamed("migrate-once", FunctionsWithJob(revision: 2)), Rollout, Progress);
        Assert.Equal(job["metadata"]!["uid"]!.GetValue<string>(), StandIn.Get("batch", "jobs", Namespace, "migrate-once")!["metadata"]!["uid"]!.GetValue<string>());
    }

    private static AppObjects WithJobNamed(string name, AppObjects app)
    {
        foreach (var job in app.Objects.OfType<k8s.Models.V1Job>())
        {
            job.Metadata.Name = name;
        }

        return app;
    }

    [Fact]
    public async Task A_watch_whose_version_expired_lists_again_and_still_sees_the_rollout()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.Available(TimeSpan.FromSeconds(4)));
        StandIn.ExpireNextWatch();

        await Applier.ApplyAsync(Functions(), Rollout, Progress);

        var lists = StandIn.Requests.Count(r =>
            r.StartsWith("GET /apis/apps/v1/namespaces/strata-functions/deployments?", StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal));
        Assert.True(lists >= 2, $"listed {lists} time(s); after a 410 the applier must list again");
        Assert.Contains("Deployment strata-functions/hello-function-fn is available", ProgressLines);
    }

    [Fact]
    public async Task A_deployment_deleted_during_the_wait_is_an_error_naming_it()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.Never("Failed", "never"));
        var applying = Applier.ApplyAsync(Functions(), TimeSpan.FromMinutes(10), Progress);
        // Bounded: the applier watches once it has listed the Deployment as not yet available.
        for (var i = 0; i < 600 && !StandIn.Requests.Any(r => r.StartsWith("GET /apis/apps/v1/namespaces/strata-functions/deployments?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        StandIn.Delete("apps", "deployments", Namespace, Deployment);

        var error = await Assert.ThrowsAsync<StrataException>(() => applying);
        Assert.Equal("Deployment strata-functions/hello-function-fn was deleted while Strata waited for its rollout; deploy again.", error.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait()
    {
        StandIn.Deployment(Deployment, DeploymentBehaviour.Never("Failed", "never"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Applier.ApplyAsync(Functions(), TimeSpan.FromMinutes(10), Progress, cancel.Token));
    }

    [Fact]
    public async Task An_API_that_cannot_be_reached_is_named()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}" });

        var error = await Assert.ThrowsAsync<StrataException>(() => new KubernetesApplier(kubernetes).ApplyAsync(Functions(), Rollout));

        Assert.StartsWith($"Cannot reach the Kubernetes API at http://127.0.0.1:{port}/ to get Namespace strata-functions: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_before_any_request()
    {
        var functions = Functions();
        var custom = new GenericKubernetesObject { ApiVersion = "example.com/v1", Kind = "Widget", Metadata = new k8s.Models.V1ObjectMeta { Name = "w" } };
        var app = new AppObjects(functions.Vertical, functions.App, functions.Namespace, [.. functions.Objects, custom]);

        var error = await Assert.ThrowsAsync<StrataException>(() => Applier.ApplyAsync(app, Rollout, Progress));

        Assert.StartsWith("Strata does not know how to apply Kubernetes kind 'Widget' (apiVersion 'example.com/v1') of object 'w'.", error.Message, StringComparison.Ordinal);
        Assert.Empty(StandIn.Requests);
    }

    private static JsonObject ForeignIn(string ns, string apiVersion, string kind, string name, JsonObject labels, string? owner)
    {
        var item = Foreign(apiVersion, kind, name, labels, owner);
        item["metadata"]!["namespace"] = ns;
        return item;
    }
}
