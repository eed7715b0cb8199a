using System.Text.Json;
using Strata.Building;
using Strata.Plugins;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Bench.Vertical;

/// <summary>
/// The vertical of the gateway benchmark. An app names an already built backend folder
/// (<c>spec.backend</c>, holding <c>Strata.Bench.Backend.dll</c>); the <c>package</c> step makes it the
/// revision's artifact, and the mapping runs it as one service with one replica behind the route "/".
/// </summary>
public sealed class BenchVertical : IVerticalPlugin
{
    private const string ServiceName = "web";
    private const string EntryAssembly = "Strata.Bench.Backend.dll";

    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new("bench", "0.1.0", StrataContract.Version)
    {
        DisplayName = "Gateway benchmark",
        Description = "Serves a prebuilt benchmark backend through the gateway.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical
            .AddBuildStep(new BuildStep(WellKnownBuildSteps.Package, Package) { Inputs = ["strata.yaml"], Cacheable = false })
            .UseSpecValidation(Validate)
            .UseMapping(Map);
    }

    private static void Validate(SpecValidationContext context)
    {
        if (context.Spec.ValueKind != JsonValueKind.Object
            || !context.Spec.TryGetProperty("backend", out var backend)
            || backend.ValueKind != JsonValueKind.String
            || !Path.IsPathRooted(backend.GetString()))
        {
            context.AddProblem("backend", $"is required: the absolute path of the built Strata.Bench.Backend (the folder holding {EntryAssembly}).");
        }
    }

    private static Task Package(IBuildContext context)
    {
        var backend = context.Manifest.Spec.GetProperty("backend").GetString()!;
        if (!File.Exists(Path.Combine(backend, EntryAssembly)))
        {
            throw new BuildStepException($"No {EntryAssembly} in '{backend}'. Build eng/bench/Strata.Bench.Backend first (eng/bench/gateway.sh does).");
        }

        context.AddArtifact(new Artifact { Directory = backend, Command = ["dotnet", EntryAssembly] });
        return Task.CompletedTask;
    }

    private static WorkloadSet Map(AppRevision revision) => new()
    {
        Services =
        [
            new ServiceWorkload
            {
                Name = ServiceName,
                Artifact = revision.DefaultArtifact,
                Replicas = 1,
                Readiness = new HttpProbe("/healthz") { PeriodSeconds = 1 },
            },
        ],
        Routes = [new Route { Name = "http", Service = ServiceName, PathPrefix = "/" }],
    };
}
