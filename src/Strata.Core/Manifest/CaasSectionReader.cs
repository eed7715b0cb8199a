using Strata.Core.Naming;
using Strata.Manifest;
using Strata.Validation;
using Strata.Workloads;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>Reads the <c>caas:</c> section of <c>strata.yaml</c>, the overrides every vertical shares.</summary>
internal static class CaasSectionReader
{
    private const string Path = "caas";
    private const string KnownKeys = "replicas, autoscale, resources, env, uses, raw, patches";
    private const string AutoscaleKeys = "min, max, targetInFlight, scaleToZeroAfterSeconds";
    private const string ResourceKeys = "cpu, memory, cpuLimit, memoryLimit";

    public static CaasOverrides Read(YamlNode node, List<ValidationProblem> problems)
    {
        var caas = new CaasOverrides();
        if (YamlScalars.IsNull(node) || YamlNodes.AsMapping(node, Path, "the CaaS overrides", problems) is not { } mapping)
        {
            return caas;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = YamlNodes.KeyOf(keyNode, Path, problems);
            var path = YamlNodes.Child(Path, key ?? "");
            caas = key switch
            {
                null => caas,
                "replicas" => caas with { Replicas = YamlNodes.ReadInt(value, path, problems, 0, 100) },
                "autoscale" => caas with { Autoscale = ReadAutoscale(value, path, problems) },
                "resources" => caas with { Resources = ReadResources(value, path, problems) },
                "env" => caas with { Env = ReadEnv(value, path, problems) },
                "uses" => caas with { Uses = UsedApps.Read(value, path, problems) },
                "raw" => caas with { Raw = RelativePaths.Read(value, path, problems) },
                "patches" => caas with { Patches = RelativePaths.Read(value, path, problems) },
                _ => Unknown(caas, path, key, KnownKeys, problems),
            };
        }

        return caas;
    }

    private static AutoscaleBounds? ReadAutoscale(YamlNode node, string path, List<ValidationProblem> problems)
    {
        if (YamlNodes.AsMapping(node, path, AutoscaleKeys, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        int? min = null, max = null, target = null, idle = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = YamlNodes.KeyOf(keyNode, path, problems);
            seen.Add(key ?? "");
            var child = YamlNodes.Child(path, key ?? "");
            switch (key)
            {
                case null: break;
                case "min": min = YamlNodes.ReadInt(value, child, problems, 0); break;
                case "max": max = YamlNodes.ReadInt(value, child, problems, 1); break;
                case "targetInFlight": target = YamlNodes.ReadInt(value, child, problems, 1); break;
                case "scaleToZeroAfterSeconds": idle = YamlNodes.ReadInt(value, child, problems, 1); break;
                default: Unknown(0, child, key, AutoscaleKeys, problems); break;
            }
        }

        // Both bounds are required: a default for either would silently pick the app's capacity.
        foreach (var key in new[] { "min", "max" })
        {
            if (!seen.Contains(key))
            {
                problems.Add(new ValidationProblem($"{path}.{key}", $"{key} is required when autoscale is set"));
            }
        }

        if (min > max)
        {
            problems.Add(new ValidationProblem($"{path}.min", $"min ({min}) must not be greater than max ({max})"));
        }

        if (problems.Count > before || min is not { } lo || max is not { } hi)
        {
            return null;
        }

        var bounds = new AutoscaleBounds(lo, hi);
        return bounds with
        {
            TargetInFlight = target ?? bounds.TargetInFlight,
            ScaleToZeroAfterSeconds = idle ?? bounds.ScaleToZeroAfterSeconds,
        };
    }

    private static ResourceRequirements? ReadResources(YamlNode node, string path, List<ValidationProblem> problems)
    {
        if (YamlNodes.AsMapping(node, path, ResourceKeys, problems) is not { } mapping)
        {
            return null;
        }

        var resources = new ResourceRequirements();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = YamlNodes.KeyOf(keyNode, path, problems);
            var child = YamlNodes.Child(path, key ?? "");
            resources = key switch
            {
                null => resources,
                "cpu" => resources with { Cpu = ReadQuantity(value, child, "500m or 1", problems) },
                "memory" => resources with { Memory = ReadQuantity(value, child, "256Mi or 1Gi", problems) },
                "cpuLimit" => resources with { CpuLimit = ReadQuantity(value, child, "500m or 1", problems) },
                "memoryLimit" => resources with { MemoryLimit = ReadQuantity(value, child, "256Mi or 1Gi", problems) },
                _ => Unknown(resources, child, key, ResourceKeys, problems),
            };
        }

        return resources;
    }

    private static string? ReadQuantity(YamlNode node, string path, string example, List<ValidationProblem> problems)
    {
        if (node is YamlScalarNode { Value: { } text } scalar
            && YamlScalars.TypeOf(scalar) is YamlScalarType.String or YamlScalarType.Integer or YamlScalarType.Float
            && KubernetesQuantity.IsValid(text))
        {
            return text;
        }

        problems.Add(new ValidationProblem(path, $"expected a Kubernetes quantity such as {example}, got {YamlScalars.Describe(node)}"));
        return null;
    }

    private static Dictionary<string, string> ReadEnv(YamlNode node, string path, List<ValidationProblem> problems)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlNodes.AsMapping(node, path, "environment variable names to values", problems) is not { } mapping)
        {
            return env;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (YamlNodes.KeyOf(keyNode, path, problems) is not { } name)
            {
                continue;
            }

            var child = YamlNodes.Child(path, name);
            if (!EnvironmentVariableNames.IsValid(name))
            {
                problems.Add(new ValidationProblem(child, EnvironmentVariableNames.Explain(name)));
            }
            else if (value is not YamlScalarNode scalar)
            {
                problems.Add(new ValidationProblem(child, $"expected a string, number or boolean, got {YamlScalars.Describe(value)}"));
            }
            else
            {
                // The text as written, so 1.10 stays "1.10"; an empty value is an empty variable.
                env[name] = YamlScalars.IsNull(scalar) ? "" : scalar.Value ?? "";
            }
        }

        return env;
    }

    private static T Unknown<T>(T unchanged, string path, string key, string known, List<ValidationProblem> problems)
    {
        problems.Add(new ValidationProblem(path, $"unknown key '{key}'; expected one of {known}"));
        return unchanged;
    }
}
