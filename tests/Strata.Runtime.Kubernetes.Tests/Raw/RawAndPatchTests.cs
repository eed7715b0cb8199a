using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Core.Naming;
using Strata.Manifest;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Raw;

public sealed class RawAndPatchTests
{
    private static IReadOnlyList<IKubernetesObject> Map(IReadOnlyList<string> raw, IReadOnlyList<string> patches, params (string Path, string Content)[] files)
    {
        var (revision, set) = Inputs.Functions();
        revision = revision with { Manifest = revision.Manifest with { Caas = new CaasOverrides { Raw = raw, Patches = patches } } };
        return KubernetesMapper.Map(revision, set, Inputs.Options, new RawInputs { Files = files.ToDictionary(f => f.Path, f => f.Content) });
    }

    private static StrataException Refused(IReadOnlyList<string> raw, IReadOnlyList<string> patches, params (string Path, string Content)[] files) =>
        Assert.Throws<StrataException>(() => Map(raw, patches, files));

    private static V1Container Fn(IReadOnlyList<IKubernetesObject> objects) =>
        Assert.Single(objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers);

    [Fact]
    public void Raw_objects_get_the_app_namespace_labels_and_ownership_and_settings_go_before_workloads()
    {
        var objects = Map(["k8s/extra.yaml"], [], ("k8s/extra.yaml", RawSamples.Extra));

        var pdb = Assert.IsType<UnstructuredObject>(objects.Single(o => o.Kind == "PodDisruptionBudget"));
        Assert.Equal("strata-functions", pdb.Metadata.NamespaceProperty);
        Assert.Equal("functions/hello-function", pdb.Metadata.Annotations[StrataAnnotations.OwnedBy]);
        Assert.Equal("strata", pdb.Metadata.Labels[StrataLabels.ManagedBy]);
        Assert.Equal("1", pdb.Metadata.Labels[StrataLabels.Revision]);
        Assert.Equal("web", pdb.Metadata.Labels["team"]);
        Assert.Equal(["ConfigMap", "Service", "Deployment", "Ingress", "PodDisruptionBudget"], objects.Select(o => o.Kind));
    }

    [Fact]
    public void A_raw_object_in_another_namespace_is_refused_with_its_path()
    {
        var error = Refused(["a.yaml", "b.yaml"], [],
            ("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n"),
            ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok2 }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: default }\n"));

        Assert.Equal("caas.raw[1].documents[1].metadata.namespace", error.Path);
        Assert.Contains("'default'", error.Message, StringComparison.Ordinal);
        Assert.Contains("strata-functions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: ConfigMap\nmetadata: { name: x }\n", "caas.raw[0].apiVersion")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\n", "caas.raw[0].metadata.name")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: { name: mine }\n", "caas.raw[0].kind")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: hello-function-fn }\n", "caas.raw[0].metadata.name")]
    [InlineData("- just\n- a list\n", "caas.raw[0]")]
    [InlineData("apiVersion: v1\nkind: [unclosed\n", "caas.raw[0]")]
    public void Bad_raw_manifests_are_refused_with_their_path(string content, string path)
    {
        Assert.Equal(path, Refused(["k8s/x.yaml"], [], ("k8s/x.yaml", content)).Path);
    }

    [Fact]
    public void A_strategic_patch_merges_containers_and_env_by_name_and_null_deletes()
    {
        var objects = Map(["k8s/extra.yaml"], ["k8s/patch.yaml"], ("k8s/extra.yaml", RawSamples.Extra), ("k8s/patch.yaml", RawSamples.StrategicPatch));

        var fn = Fn(objects);
        Assert.IsType<V1Deployment>(objects.Single(o => o.Kind == "Deployment"));
        Assert.Equal("Hello from a patch", fn.Env.Single(e => e.Name == "GREETING").Value);
        Assert.Equal("1", fn.Env.Single(e => e.Name == "EXTRA").Value);
        Assert.Contains(fn.Env, e => e.Name == "STRATA_APP");
        Assert.Null(fn.LivenessProbe);
        Assert.NotNull(fn.ReadinessProbe);
        Assert.Equal("512Mi", fn.Resources.Limits["memory"].ToString());
        var extra = objects.OfType<UnstructuredObject>().Single(o => o.Kind == "ConfigMap");
        Assert.False(extra.Body["data"]!.AsObject().ContainsKey("FLAG"));
        Assert.Equal("yes", extra.Body["data"]!["ADDED"]!.GetValue<string>());
    }

    [Fact]
    public void A_strategic_patch_can_add_and_delete_list_items_by_their_merge_key()
    {
        const string Patch = """
            target: { kind: Deployment, name: hello-function-fn }
            patch:
              spec:
                template:
                  spec:
                    containers:
                    - name: fn
                      env: [ { name: GREETING, $patch: delete } ]
                      ports: [ { containerPort: 9090, name: metrics } ]
                    - name: sidecar
                      image: registry.example.com/proxy:1
            """;

        var pod = Map([], ["p.yaml"], ("p.yaml", Patch)).OfType<V1Deployment>().Single().Spec.Template.Spec;

        Assert.Equal(["fn", "sidecar"], pod.Containers.Select(c => c.Name));
        Assert.DoesNotContain(pod.Containers[0].Env, e => e.Name == "GREETING");
        Assert.Equal([8080, 9090], pod.Containers[0].Ports.Select(p => p.ContainerPort));
    }

    [Fact]
    public void A_json_patch_applies_rfc_6902_operations_in_order()
    {
        const string Patch = """
            target: { kind: Deployment, name: hello-function-fn }
            type: json
            patch:
            - { op: replace, path: /spec/replicas, value: 3 }
            - { op: add, path: /spec/template/spec/containers/0/args, value: [--fast] }
            - { op: add, path: /spec/template/spec/containers/0/args/-, value: --quiet }
            - { op: copy, from: /spec/template/spec/containers/0/image, path: /metadata/annotations/image }
            - { op: move, from: /metadata/annotations/image, path: /metadata/annotations/was-image }
            - { op: remove, path: /spec/template/spec/containers/0/livenessProbe }
            - { op: test, path: /spec/replicas, value: 3 }
            """;

        var deployment = Map([], ["p.yaml"], ("p.yaml", Patch)).OfType<V1Deployment>().Single();

        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal(["--fast", "--quiet"], deployment.Spec.Template.Spec.Containers[0].Args);
        Assert.StartsWith("localhost:5000/strata/hello-function@", deployment.Metadata.Annotations["was-image"], StringComparison.Ordinal);
        Assert.False(deployment.Metadata.Annotations.ContainsKey("image"));
        Assert.Null(deployment.Spec.Template.Spec.Containers[0].LivenessProbe);
    }

    [Theory]
    [InlineData("target: { kind: Deployment, name: nope }\npatch: { spec: { replicas: 2 } }\n", "caas.patches[0].target.name", "Deployment/nope")]
    [InlineData("target: { kind: StatefulSet, name: x }\npatch: { spec: { replicas: 2 } }\n", "caas.patches[0].target.name", "no StatefulSet")]
    [InlineData("target: { name: x }\npatch: {}\n", "caas.patches[0].target.kind", "'kind' is required")]
    [InlineData("patch: {}\n", "caas.patches[0].target", "needs a target")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\ntype: merge\npatch: {}\n", "caas.patches[0].type", "strategic or json")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\ntype: json\npatch: { spec: {} }\n", "caas.patches[0].patch", "list of RFC 6902")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\npatches: {}\n", "caas.patches[0].patches", "Unknown key")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\ntype: json\npatch: [ { op: test, path: /spec/replicas, value: 5 } ]\n", "caas.patches[0].patch[0]", "test failed")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\ntype: json\npatch: [ { op: remove, path: /spec/nothing } ]\n", "caas.patches[0].patch[0].path", "does not exist")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\ntype: json\npatch: [ { op: frobnicate, path: /spec } ]\n", "caas.patches[0].patch[0].op", "Unknown op")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\npatch: { metadata: { name: other } }\n", "caas.patches[0].patch", "changes the apiVersion, kind, name or namespace")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\npatch: { kind: 5 }\n", "caas.patches[0].patch", "changes the apiVersion, kind, name or namespace")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\npatch: { spec: { template: { spec: { containers: [ { image: x } ] } } } }\n", "caas.patches[0].patch.spec.template.spec.containers[0].name", "merge key 'name'")]
    [InlineData("target: { kind: Deployment, name: hello-function-fn }\npatch: { spec: { replicas: many } }\n", "caas.patches[0].patch", "shape Kubernetes does not accept")]
    public void Bad_patches_are_refused_with_their_path(string patch, string path, string message)
    {
        var error = Refused([], ["k8s/p.yaml"], ("k8s/p.yaml", patch));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patch_cannot_take_away_the_strata_labels_or_ownership()
    {
        const string Patch = """
            target: { kind: Service, name: hello-function-fn }
            type: json
            patch:
            - { op: remove, path: /metadata/annotations }
            - { op: replace, path: /metadata/labels, value: { team: web } }
            """;

        var service = Map([], ["p.yaml"], ("p.yaml", Patch)).OfType<V1Service>().Single();

        Assert.Equal("functions/hello-function", service.Metadata.Annotations[StrataAnnotations.OwnedBy]);
        Assert.Equal("fn", service.Metadata.Labels[StrataLabels.Component]);
        Assert.Equal("web", service.Metadata.Labels["team"]);
    }

    [Fact]
    public void Files_not_passed_to_the_mapper_are_named()
    {
        Assert.Equal("caas.patches[0]", Refused([], ["k8s/missing.yaml"]).Path);
    }

    [Fact]
    public async Task Loading_reads_the_named_files_and_names_a_missing_one()
    {
        using var folder = new Strata.Testing.TempDirectory("strata-raw");
        Directory.CreateDirectory(folder.Combine("k8s"));
        await File.WriteAllTextAsync(folder.Combine("k8s", "extra.yaml"), RawSamples.Extra);
        var caas = new CaasOverrides { Raw = ["k8s/extra.yaml"], Patches = ["k8s/patch.yaml"] };

        var error = await Assert.ThrowsAsync<StrataException>(() => RawInputs.LoadAsync(folder.Path, caas));
        await File.WriteAllTextAsync(folder.Combine("k8s", "patch.yaml"), RawSamples.StrategicPatch);
        var inputs = await RawInputs.LoadAsync(folder.Path, caas);

        Assert.Equal("caas.patches[0]", error.Path);
        Assert.Contains("k8s/patch.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal(RawSamples.Extra, inputs.Files["k8s/extra.yaml"]);
    }
}
