using System.Text.Json;
using Strata.Core.Naming;
using Strata.Manifest;
using Strata.Validation;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>Reads the top level of <c>strata.yaml</c>: <c>name</c>, <c>vertical</c>, <c>spec</c> and <c>caas</c>.</summary>
internal static class ManifestReader
{
    private const string KnownKeys = "name, vertical, spec, caas";

    public static AppManifest? Read(YamlNode root, List<ValidationProblem> problems)
    {
        if (root is not YamlMappingNode mapping)
        {
            problems.Add(new ValidationProblem("", $"{AppManifestParser.FileName} must be a mapping with the keys {KnownKeys}; got {YamlScalars.Describe(root)}"));
            return null;
        }

        string? name = null, vertical = null;
        bool hasName = false, hasVertical = false;
        JsonElement spec = default;
        var caas = new CaasOverrides();

        foreach (var (keyNode, value) in mapping.Children)
        {
            switch (YamlNodes.KeyOf(keyNode, "", problems))
            {
                case null:
                    break;
                case "name":
                    hasName = true;
                    name = ReadDnsLabel(value, "name", problems);
                    break;
                case "vertical":
                    hasVertical = true;
                    vertical = ReadDnsLabel(value, "vertical", problems);
                    break;
                case "spec":
                    spec = ReadSpec(value, problems);
                    break;
                case "caas":
                    caas = CaasSectionReader.Read(value, problems);
                    break;
                case var other:
                    problems.Add(new ValidationProblem(other, $"unknown key '{other}'; expected one of {KnownKeys}"));
                    break;
            }
        }

        if (!hasName)
        {
            problems.Add(new ValidationProblem("name", "name is required: the app's DNS-safe name, e.g. 'name: hello'"));
        }

        if (!hasVertical)
        {
            problems.Add(new ValidationProblem("vertical", "vertical is required: the vertical that maps this app, e.g. 'vertical: functions'"));
        }

        if (name is null || vertical is null)
        {
            return null;
        }

        caas = caas with { Uses = UsedApps.Resolve(caas.Uses, name, vertical, "caas.uses", problems) };
        return new AppManifest { Name = name, Vertical = vertical, Spec = spec, Caas = caas };
    }

    private static string? ReadDnsLabel(YamlNode node, string path, List<ValidationProblem> problems)
    {
        if (YamlScalars.IsNull(node))
        {
            problems.Add(new ValidationProblem(path, $"{path} is required and must not be empty"));
            return null;
        }

        if (node is not YamlScalarNode scalar || YamlScalars.TypeOf(scalar) != YamlScalarType.String)
        {
            problems.Add(new ValidationProblem(path, $"expected a DNS-safe name, got {YamlScalars.Describe(node)}"));
            return null;
        }

        if (StrataNames.CheckDnsLabel(scalar.Value) is { } problem)
        {
            problems.Add(new ValidationProblem(path, problem));
        }

        return scalar.Value;
    }

    private static JsonElement ReadSpec(YamlNode node, List<ValidationProblem> problems)
    {
        // "spec:" with nothing after it is how a user leaves the section empty: treat it as absent.
        if (YamlScalars.IsNull(node))
        {
            return default;
        }

        if (node is not YamlMappingNode)
        {
            problems.Add(new ValidationProblem("spec", $"expected a mapping (the vertical's settings), got {YamlScalars.Describe(node)}"));
            return default;
        }

        return YamlJson.ToJson(node, "spec", problems);
    }
}
