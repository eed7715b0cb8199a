using Strata.Plugins;
using Strata.Templates;

namespace Strata.Verticals.Simulation;

/// <summary>The Simulation vertical: a 3D model and its parameter space; runs and sweeps as indexed jobs, results in a volume.</summary>
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
        vertical.AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(SimulationVertical).Assembly, "heat", "3D heat diffusion (explicit FTCS or implicit) with a parameter sweep."));
    }
}
