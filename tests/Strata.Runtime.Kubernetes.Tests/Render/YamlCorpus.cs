using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Strata.Runtime.Kubernetes.Tests.Support;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Tests.Render;

/// <summary>
/// Objects for comparing the YAML writer with the reference serializer: every snapshot's input, the
/// objects read back from every snapshot file, and objects full of strings YAML treats specially.
/// </summary>
internal static class YamlCorpus
{
    /// <summary>Strings a YAML writer can get wrong: indicators, YAML 1.1 words, numbers, spaces, breaks, non-ASCII.</summary>
    public static readonly string[] TrickyStrings =
    [
        "", " ", "  ", "\t", " a", "a ", "a  b", "a b", "a\tb", "yes", "no", "Yes", "NO", "on", "Off", "y", "N", "null", "Null", "NULL", "~",
        "true", "True", "FALSE", "0", "1", "-1", "012", "1.5", "1e-6", ".5", "+1", "0x1F", "0o7", "1_000", "1.2.3", "4Gi", "100m", ".inf",
        "-.Inf", ".nan", "12:30", "1:2", "2026-11-24", "2026-11-24T10:00:00Z", "a: b", "a:b", "a:", ":a", "a::b", "http://x/y?z=1&w=2",
        "a #b", "a#b", "#a", "-a", "- a", "-", "--", "---", "...", "?a", "? a", "?", "a,b", "[a]", "{a}", "a[b]", "a{b}", "&a", "*a", "!a",
        "!!str", "|a", ">a", "'a", "\"a", "a'b", "a\"b", "a\\b", "%a", "a%", "@a", "a@b", "`a", "<<", "=", "=a", "a=b", "a;b", "a; b",
        "sha256:" + new string('e', 64), "multi\nline", "trailing newline\n", "\nleading newline", "two\n\nbreaks", "crlf\r\nline",
        "héllo", "日本語", "emoji 🚀", "a\u0001b", "a\u00a0b", "a\u2028b", "a\u0085b", "zero\u200bwidth",
        "word " + string.Join(" ", Enumerable.Repeat("abcdefghij", 20)),
        "quoted and long: " + string.Join(" ", Enumerable.Repeat("abc #def", 15)),
        new string('k', 200),
    ];

    /// <summary>Every object, with a name saying where it comes from.</summary>
    public static IEnumerable<(string Name, IKubernetesObject Item)> All() =>
        SnapshotInputs().Concat(SnapshotFiles()).Concat(Tricky());

    /// <summary>The objects the snapshot tests render (the same inputs, built the same way).</summary>
    public static IEnumerable<(string Name, IKubernetesObject Item)> SnapshotInputs()
    {
        var (functions, functionsSet) = Inputs.Functions();
        var (storefront, storefrontSet) = Inputs.Storefront();
        var storefrontOptions = new KubernetesMappingOptions { IngressClassName = "nginx", HostSuffix = "apps.example.com" };
        var gatewayOptions = new KubernetesMappingOptions { UseGatewayApi = true, GatewayName = "public", GatewayNamespace = "gateways", HostSuffix = "apps.example.com" };
        var shop = Inputs.Revision("shop", "services");
        var shopSet = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "web", Artifact = shop.DefaultArtifact, Ports = [new ServicePort("http", 8080), new ServicePort("admin", 9090)] }],
            Routes =
            [
                new Route { Name = "web", Service = "web", PathPrefix = "/" },
                new Route { Name = "admin", Service = "web", Port = "admin", PathPrefix = "/admin", Host = "admin.example.com" },
            ],
        };
        var backend = Inputs.Revision("backend", "mobile");
        var backendSet = new WorkloadSet
        {
            Services = [new ServiceWorkload { Name = "api", Artifact = backend.DefaultArtifact, EnvFrom = ["settings", "credentials"] }],
            Config = [new ConfigSet { Name = "settings", Data = new Dictionary<string, string> { ["PAGE_SIZE"] = "50", ["FEATURE_X"] = "on" } }],
            Secrets = [new SecretSet { Name = "credentials", Data = new Dictionary<string, string> { ["DB_PASSWORD"] = "not-a-real-password" } }],
        };
        var raw = new RawInputs
        {
            Files = new Dictionary<string, string>
            {
                ["k8s/extra.yaml"] = RawSamples.Extra,
                ["k8s/patch.yaml"] = RawSamples.StrategicPatch,
                ["k8s/json-patch.yaml"] = RawSamples.JsonPatch,
            },
        };
        var patched = functions with { Manifest = functions.Manifest with { Caas = new Strata.Manifest.CaasOverrides { Raw = ["k8s/extra.yaml"], Patches = ["k8s/patch.yaml", "k8s/json-patch.yaml"] } } };
        var policy = new Strata.Policy.ClusterPolicy
        {
            Quota = new Strata.Policy.NamespaceQuota { RequestsCpu = "4", RequestsMemory = "8Gi", LimitsCpu = "8", LimitsMemory = "16Gi", Pods = 50 },
            ContainerDefaults = new ResourceRequirements { Cpu = "250m", Memory = "256Mi", CpuLimit = "1", MemoryLimit = "512Mi" },
            IsolateNetwork = true,
        };

        var sets = new (string Name, IEnumerable<IKubernetesObject> Objects)[]
        {
            ("functions", KubernetesMapper.VerticalObjects("functions", Inputs.FunctionsPolicy, Inputs.Options).Concat(KubernetesMapper.Map(functions, functionsSet, Inputs.Options))),
            ("storefront", KubernetesMapper.VerticalObjects("services", Inputs.ServicesPolicy, storefrontOptions).Concat(KubernetesMapper.Map(storefront, storefrontSet, storefrontOptions))),
            ("gateway-api", KubernetesMapper.Map(shop, shopSet, gatewayOptions)),
            ("config-and-secret", KubernetesMapper.Map(backend, backendSet, Inputs.Options)),
            ("config-and-secret redacted", KubernetesRender.RedactSecrets(KubernetesMapper.Map(backend, backendSet, Inputs.Options))),
            ("raw-and-patches", KubernetesMapper.Map(patched, functionsSet, Inputs.Options, raw)),
            ("vertical-policy", KubernetesMapper.VerticalObjects("simulation", policy, Inputs.Options with { UseGatewayApi = true, GatewayName = "public", GatewayNamespace = "gateways", IngressNamespace = "traefik" })),
            ("host", HostManifests.Build(new HostManifestOptions { Image = "registry.example.com/strata-host:1.0" })),
        };
        return sets.SelectMany(set => set.Objects.Select((item, i) => ($"{set.Name} #{i} {item.Kind}", item)));
    }

    /// <summary>The objects of every checked-in snapshot, read back (kinds without a model as unstructured objects).</summary>
    public static IEnumerable<(string Name, IKubernetesObject Item)> SnapshotFiles()
    {
        var folder = SnapshotFolder();
        foreach (var file in Directory.GetFiles(folder, "*.verified.yaml").Order(StringComparer.Ordinal))
        {
            var documents = File.ReadAllText(file).Split("---\n", StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < documents.Length; i++)
            {
                yield return ($"{Path.GetFileName(file)} #{i}", Read(documents[i]));
            }
        }
    }

    /// <summary>Objects built to hold every tricky string in every place a string can go.</summary>
    public static IEnumerable<(string Name, IKubernetesObject Item)> Tricky()
    {
        var strings = TrickyStrings;
        var data = strings.Select((s, i) => KeyValuePair.Create($"value-{i}", s))
            .Concat(strings.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Select(s => KeyValuePair.Create(s, "key")));
        yield return ("config map of tricky strings", new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "tricky", Labels = new Dictionary<string, string> { ["yes"] = "no", ["a: b"] = "1" }, Annotations = new Dictionary<string, string>(data) },
            Data = new Dictionary<string, string>(data),
            Immutable = false,
        });
        yield return ("secret of tricky bytes", new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "bytes" },
            Data = strings.Select((s, i) => (s, i)).Where(p => p.s.Length > 0).ToDictionary(p => $"b{p.i}", p => Encoding.UTF8.GetBytes(p.s)),
            Type = "Opaque",
        });
        yield return ("deployment with tricky strings in lists and deep maps", Deployment(strings));
        foreach (var (s, i) in strings.Select((s, i) => (s, i)))
        {
            yield return ($"deployment, one tricky string #{i}", Deployment([s]));
            yield return ($"service with a tricky int-or-string #{i}", new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = s },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80, TargetPort = s, Name = s }], Selector = new Dictionary<string, string> { ["app"] = s } },
            });
        }

        yield return ("generic object with nested maps and lists", new GenericKubernetesObject
        {
            ApiVersion = "example.com/v1",
            Kind = "Thing",
            Metadata = new V1ObjectMeta { Name = "thing" },
            Spec = new Dictionary<string, object>
            {
                ["strings"] = strings.ToList(),
                ["empty map"] = new Dictionary<string, object>(),
                ["empty list"] = new List<object>(),
                ["numbers"] = new List<object> { 0, -1, 42L, long.MaxValue, int.MinValue },
                ["flags"] = new List<object> { true, false },
                ["nested"] = new Dictionary<string, object> { ["deeper"] = new Dictionary<string, object> { ["deepest"] = new List<object> { new Dictionary<string, object> { ["k"] = "v", ["list"] = new List<object> { "x" } }, new Dictionary<string, object>() } } },
                ["list of lists"] = new List<object> { new List<object> { "a" } },
                ["a float"] = 1.5,
                ["a decimal"] = 2.25m,
            },
        });
        yield return ("unstructured object with JSON values", UnstructuredObject.FromJson(JsonNode.Parse("""
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pdb","labels":{"x":"yes"}},
             "spec":{"minAvailable":1,"ratio":0.5,"big":12345678901234567890,"on":true,"off":false,"nothing":null,
                     "list":[1,"1",null,{"a":[]},[]],"text":"multi\nline","empty":{},"s":"a: b"}}
            """)!.AsObject()));
        yield return ("object with a date (left to the reference)", new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = "dated", CreationTimestamp = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc) },
        });
        yield return ("resources with quantities", new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("1.5Gi"), ["x"] = new("1.5"), ["y"] = new("0") },
                            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("512Mi") },
                        },
                        Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http", Protocol = "TCP" }],
                        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "http" }, FailureThreshold = -1 },
                    },
                ],
            },
        });
    }

    private static V1Deployment Deployment(IReadOnlyList<string> strings) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = "d", Labels = strings.Select((s, i) => (s, i)).ToDictionary(p => $"l{p.i}", p => p.s) },
        Spec = new V1DeploymentSpec
        {
            Replicas = 0,
            Selector = new V1LabelSelector(),
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = strings[0],
                            Args = [.. strings],
                            Command = [],
                            Env = [.. strings.Select(s => new V1EnvVar { Name = "E", Value = s })],
                            VolumeMounts = [new V1VolumeMount { Name = "v", MountPath = strings[^1], ReadOnlyProperty = true }],
                        },
                    ],
                    NodeSelector = new Dictionary<string, string>(),
                },
            },
        },
    };

    /// <summary>The checked-in snapshots, in the source tree (as <see cref="Snapshot"/> finds them).</summary>
    public static string SnapshotFolder([CallerFilePath] string callerFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(callerFile))!, "Snapshots");

    private static IKubernetesObject Read(string document)
    {
        try
        {
            return (IKubernetesObject)KubernetesYaml.LoadAllFromString(document).Single();
        }
        catch (KeyNotFoundException)
        {
            // A kind without a model (HTTPRoute, a raw manifest's kind): its tree, scalars as strings.
            var tree = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(document);
            return UnstructuredObject.FromJson(Json(tree)!.AsObject());
        }
    }

    private static JsonNode? Json(object? value) => value switch
    {
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create((string)p.Key, Json(p.Value)))),
        IList<object> list => new JsonArray([.. list.Select(Json)]),
        null => null,
        _ => JsonValue.Create(value.ToString()),
    };
}
