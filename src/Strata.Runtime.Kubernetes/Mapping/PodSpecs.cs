using k8s.Models;
using Strata.Core;
using Strata.Core.Discovery;
using Strata.Core.Naming;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>The container parts shared by Deployments and Jobs: env, envFrom, resources, probes.</summary>
internal static class PodSpecs
{
    /// <summary>
    /// Layers, later wins, as on Local: discovery keys with cluster DNS URLs, the workload's own env
    /// (an explicit setting beats discovery), then the runtime's <paramref name="fixedEntries"/>.
    /// Sorted by name, so renders are stable.
    /// </summary>
    public static List<V1EnvVar> Env(
        MappingContext context, int? port, IReadOnlyDictionary<string, string> own, IReadOnlyDictionary<string, string> fixedEntries)
    {
        var env = new SortedDictionary<string, string>(
            DiscoveryEnvironment.Build(context.Revision, context.Set, (service, portName) => ServiceUri(context, service, portName), port, used => UsedAppUri(context, used)).ToDictionary(),
            StringComparer.Ordinal);
        foreach (var pair in own.Concat(fixedEntries))
        {
            env[pair.Key] = pair.Value;
        }

        return [.. env.Select(pair => new V1EnvVar { Name = pair.Key, Value = pair.Value })];
    }

    /// <summary>Where a service port answers inside the cluster: its Service's DNS name.</summary>
    public static Uri ServiceUri(MappingContext context, string service, string portName)
    {
        var port = context.Set.Services.Single(s => s.Name == service).Ports.Single(p => p.Name == portName).Port;
        return new Uri($"http://{context.ObjectName(service)}.{context.Namespace}.svc.{context.Options.ClusterDomain}:{port}");
    }

    /// <summary>
    /// Where an app of <c>caas.uses</c> answers inside the cluster: the DNS name of the Service its route
    /// leads to, in its vertical's namespace. Pods call it directly, as the gateway's route on Local reaches
    /// the same service; the Ingress is for traffic from outside.
    /// </summary>
    public static Uri UsedAppUri(MappingContext context, Strata.Manifest.UsedApp used)
    {
        var target = context.Uses[used];
        var ns = StrataNames.Namespace(used.Vertical, context.Options.NamespacePrefix);
        return new Uri($"http://{StrataNames.ObjectName(used.App, target.Service)}.{ns}.svc.{context.Options.ClusterDomain}:{target.Port}");
    }

    /// <summary>A ConfigMap and/or Secret reference per named set; an unknown name is an error, not a silent skip.</summary>
    public static List<V1EnvFromSource>? EnvFrom(MappingContext context, IReadOnlyList<string> names, string workload)
    {
        if (names.Count == 0)
        {
            return null;
        }

        var sources = new List<V1EnvFromSource>();
        foreach (var name in names)
        {
            var isConfig = context.Set.Config.Any(c => c.Name == name);
            var isSecret = context.Set.Secrets.Any(s => s.Name == name);
            if (!isConfig && !isSecret)
            {
                throw new StrataException(
                    $"Workload '{workload}' of app '{context.App}' takes env from '{name}', but the workload set has no config or secret set of that name. Add it to WorkloadSet.Config or WorkloadSet.Secrets, or remove it from EnvFrom.",
                    $"{workload}.envFrom");
            }

            if (isConfig)
            {
                sources.Add(new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = context.ObjectName(name) } });
            }

            if (isSecret)
            {
                sources.Add(new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = context.ObjectName(name) } });
            }
        }

        return sources;
    }

    public static V1ResourceRequirements? Resources(ResourceRequirements? resources)
    {
        if (resources is null)
        {
            return null;
        }

        var requests = Quantities(("cpu", resources.Cpu), ("memory", resources.Memory));
        var limits = Quantities(("cpu", resources.CpuLimit), ("memory", resources.MemoryLimit));
        return requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    public static V1Probe? Probe(HttpProbe? probe) => probe is null
        ? null
        : new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = probe.Port },
            InitialDelaySeconds = probe.InitialDelaySeconds,
            PeriodSeconds = probe.PeriodSeconds,
            TimeoutSeconds = probe.TimeoutSeconds,
            FailureThreshold = probe.FailureThreshold,
        };

    /// <summary>
    /// The container's command: the artifact's <see cref="Artifact.ImageCommand"/> when the workload set
    /// asks for one, else none, so the image's own entrypoint runs. <see cref="Artifact.Command"/> is the
    /// folder command of the Local runtime (<c>dotnet Hello.dll</c> in the artifact folder) and means
    /// nothing inside the image.
    /// </summary>
    public static List<string>? Command(Artifact artifact) => NullIfEmpty(artifact.ImageCommand);

    public static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];

    private static Dictionary<string, ResourceQuantity>? Quantities(params (string Name, string? Value)[] entries)
    {
        var quantities = entries
            .Where(e => !string.IsNullOrEmpty(e.Value))
            .ToDictionary(e => e.Name, e => new ResourceQuantity(e.Value));
        return quantities.Count == 0 ? null : quantities;
    }
}
