using Strata;
using Strata.Building;
using Strata.Plugins;
using Strata.Policy;
using Strata.Templates;
using Strata.Workloads;

namespace Acme.Verticals.Services;

/// <summary>
/// Apps made of ASP.NET Core services. Each service is published with <c>dotnet publish</c> and runs
/// with its replicas; services marked public get a route; every service finds the others by name
/// through the discovery keys (<c>services__&lt;name&gt;__http__0</c>), e.g. with Microsoft.Extensions.ServiceDiscovery.
/// </summary>
public sealed class ServicesVertical : IVerticalPlugin
{
    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new("services", "0.1.0", StrataContract.Version)
    {
        DisplayName = "Services",
        Description = "Apps of several ASP.NET Core services that call each other by name.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical
            .AddBuildStep(new BuildStep(WellKnownBuildSteps.Package, PublishAsync) { Inputs = ["**/*"], CacheKey = "services-publish/1" })
            .UseSpecValidation(ServicesSpec.Validate)
            .UseMapping(Map)
            // Isolated, with modest defaults for services that state no resources; no quota: the
            // operator sizes a services cluster for its apps.
            .UseClusterPolicy(new ClusterPolicy
            {
                ContainerDefaults = new ResourceRequirements { Cpu = "100m", Memory = "256Mi", MemoryLimit = "512Mi" },
                IsolateNetwork = true,
            });
    }

    // The services are published side by side (two dotnet processes use two cores and the host's one
    // compiler server), unless one references another project, which both builds would then write.
    private static async Task PublishAsync(IBuildContext context)
    {
        var services = ServicesSpec.Parse(context.Manifest.Spec).Services;
        var restoreInputs = RestoreInputs.Hash(RestoreInputs.FilesIn(context.SourceDirectory));
        if (services.Any(s => File.ReadAllText(Path.Combine(context.SourceDirectory, s.Project)).Contains("<ProjectReference", StringComparison.Ordinal)))
        {
            foreach (var service in services)
            {
                await PublishAsync(context, service, restoreInputs).ConfigureAwait(false);
            }
        }
        else
        {
            await Task.WhenAll(services.Select(s => PublishAsync(context, s, restoreInputs))).ConfigureAwait(false);
        }

        foreach (var service in services)
        {
            context.AddArtifact(new Artifact { Name = service.Name, Directory = Path.Combine(context.WorkDirectory, service.Name), Command = ["dotnet", service.AssemblyName + ".dll"] });
        }
    }

    // The sources are the build's copy that stays between builds, so obj/ keeps the last restore and
    // MSBuild's incremental state; restore is skipped while nothing it reads changed.
    private static async Task PublishAsync(IBuildContext context, ServiceSpec service, string restoreInputs)
    {
        var output = Path.Combine(context.WorkDirectory, service.Name);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var project = Path.Combine(context.SourceDirectory, service.Project);
        var obj = Path.Combine(Path.GetDirectoryName(project)!, "obj");
        var restored = RestoreInputs.Unchanged(obj, restoreInputs);
        if (!restored)
        {
            RestoreInputs.Forget(obj);
        }

        // The app's folder may sit inside another repository: keep that repository's build settings out.
        await context.RunProcessAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-o", output, "--nologo", "-nodeReuse:false", "-clp:NoSummary",
             "-p:UseAppHost=false", "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
             .. restored ? ["--no-restore"] : Array.Empty<string>()],
            context.SourceDirectory,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" }).ConfigureAwait(false);
        RestoreInputs.Remember(obj, restoreInputs);
    }

    private static WorkloadSet Map(AppRevision revision)
    {
        var services = ServicesSpec.Parse(revision.Manifest.Spec).Services;
        var firstPublic = services.FirstOrDefault(s => s.Public);
        return new WorkloadSet
        {
            Services = [.. services.Select(s => new ServiceWorkload
            {
                Name = s.Name,
                Artifact = revision.Artifacts.TryGetValue(s.Name, out var artifact)
                    ? artifact
                    : throw new InvalidOperationException($"Revision {revision.Number} has no artifact for service '{s.Name}'."),
                Replicas = s.Replicas,
                Readiness = new HttpProbe(s.HealthPath) { PeriodSeconds = 5 },
                Liveness = new HttpProbe(s.HealthPath) { PeriodSeconds = 10, InitialDelaySeconds = 5 },
            })],
            Routes = [.. services.Where(s => s.Public).Select(s => new Route { Name = s.Name, Service = s.Name, PathPrefix = s == firstPublic ? "/" : "/" + s.Name })],
        };
    }
}
