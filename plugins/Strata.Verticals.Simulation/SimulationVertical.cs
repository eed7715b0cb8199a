using Microsoft.Extensions.DependencyInjection;
using Strata.Plugins;
using Strata.Templates;
using Strata.Verticals.Simulation.Api;
using Strata.Verticals.Simulation.Building;
using Strata.Verticals.Simulation.Mapping;
using Strata.Verticals.Simulation.Spec;

namespace Strata.Verticals.Simulation;

/// <summary>
/// The Simulation vertical: an app is a 3D model (a C# console program) and its parameter space; a deploy
/// with a <c>spec.run</c> runs one parameter set or a sweep as one indexed job, whose tasks write results
/// to the app's results volume; the API at <c>/v/simulation</c> shows progress, cancels, and serves
/// results, pictures and comparisons.
/// </summary>
public sealed class SimulationVertical : IVerticalPlugin
{
    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new("simulation", "0.1.0", StrataContract.Version)
    {
        DisplayName = "Simulation",
        Description = "3D simulations: declare the parameter space, run one set or a sweep as parallel tasks, read results and pictures.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(SimulationVertical).Assembly, "heat", "3D heat diffusion (explicit FTCS or implicit) with a parameter sweep."))
            .AddBuildStep(ModelPackageStep.Create())
            .UseSpecValidation(SimulationSpec.Validate)
            .UseMapping(SimulationMapping.Map)
            .MapEndpoints(SimulationApi.Map);
    }
}
