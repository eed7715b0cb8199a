using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Validation;

namespace Acme.Verticals.Services;

/// <summary>The services vertical's <c>spec:</c>: the app's services, each an ASP.NET Core project.</summary>
internal sealed partial record ServicesSpec(IReadOnlyList<ServiceSpec> Services)
{
    public static ServicesSpec Parse(JsonElement spec) => new([.. spec.GetProperty("services").EnumerateArray().Select(ServiceSpec.Parse)]);

    public static void Validate(SpecValidationContext context)
    {
        if (context.Spec.ValueKind != JsonValueKind.Object || !context.Spec.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Array || services.GetArrayLength() == 0)
        {
            context.AddProblem("services", "is required: a list of services, each with a name and the path of its .csproj.");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var service in services.EnumerateArray())
        {
            var path = $"services[{index++}]";
            if (service.ValueKind != JsonValueKind.Object)
            {
                context.AddProblem(path, "must be a mapping with name and project.");
                continue;
            }

            var name = service.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
            if (name is null || !DnsLabel().IsMatch(name))
            {
                context.AddProblem(path + ".name", "is required: a DNS-safe name (lower-case letters, digits, '-'), the name other services use to find it.");
            }
            else if (!names.Add(name))
            {
                context.AddProblem(path + ".name", $"'{name}' is used by another service of the app.");
            }

            if (!service.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.String || !project.GetString()!.EndsWith(".csproj", StringComparison.Ordinal)
                || Path.IsPathRooted(project.GetString()!) || project.GetString()!.Split('/', '\\').Contains(".."))
            {
                context.AddProblem(path + ".project", "is required: the path of the service's .csproj, relative to the app folder.");
            }

            if (service.TryGetProperty("replicas", out var replicas) && (!replicas.TryGetInt32(out var count) || count < 1 || count > 20))
            {
                context.AddProblem(path + ".replicas", "must be a whole number from 1 to 20.");
            }

            if (service.TryGetProperty("public", out var isPublic) && isPublic.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                context.AddProblem(path + ".public", "must be true or false.");
            }
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}

/// <summary>One service of the app.</summary>
internal sealed record ServiceSpec(string Name, string Project, int Replicas, bool Public, string HealthPath)
{
    public static ServiceSpec Parse(JsonElement service) => new(
        service.GetProperty("name").GetString()!,
        service.GetProperty("project").GetString()!,
        service.TryGetProperty("replicas", out var replicas) ? replicas.GetInt32() : 1,
        service.TryGetProperty("public", out var isPublic) && isPublic.GetBoolean(),
        service.TryGetProperty("healthPath", out var health) ? health.GetString()! : "/healthz");

    /// <summary>The assembly the project builds: its file name, as the SDK does by default.</summary>
    public string AssemblyName => Path.GetFileNameWithoutExtension(Project);
}
