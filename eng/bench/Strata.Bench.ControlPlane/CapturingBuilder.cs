using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Building;
using Strata.Plugins;
using Strata.Policy;
using Strata.Templates;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Bench.ControlPlane;

/// <summary>Runs a vertical's <c>Configure</c> and keeps what the benchmark calls: its spec validation and mapping.</summary>
internal sealed class CapturingBuilder(VerticalDescriptor descriptor) : IVerticalBuilder
{
    public VerticalDescriptor Descriptor => descriptor;

    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();

    public Func<AppRevision, WorkloadSet>? Mapping { get; private set; }

    public Action<SpecValidationContext>? Validation { get; private set; }

    public IVerticalBuilder AddTemplateSet(TemplateSet templateSet) => this;

    public IVerticalBuilder AddBuildStep(BuildStep step) => this;

    public IVerticalBuilder MapEndpoints(Action<IEndpointRouteBuilder> map) => this;

    public IVerticalBuilder UseMapping(Func<AppRevision, WorkloadSet> map)
    {
        Mapping = map;
        return this;
    }

    public IVerticalBuilder UseSpecValidation(Action<SpecValidationContext> validate)
    {
        Validation = validate;
        return this;
    }

    public IVerticalBuilder UseClusterPolicy(ClusterPolicy policy) => this;
}
