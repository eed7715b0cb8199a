using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Building;
using Strata.Plugins;
using Strata.Templates;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Plugins;

/// <summary>The host's <see cref="IVerticalBuilder"/>: records what a plugin declares, checking as it goes.</summary>
internal sealed class VerticalBuilder(VerticalDescriptor descriptor, IServiceCollection services, IConfiguration configuration) : IVerticalBuilder
{
    private readonly List<TemplateSet> _templateSets = [];
    private readonly List<BuildStep> _buildSteps = [];
    private readonly List<Action<IEndpointRouteBuilder>> _endpointMaps = [];
    private Func<AppRevision, WorkloadSet>? _mapping;
    private Action<SpecValidationContext>? _specValidation;

    public VerticalDescriptor Descriptor { get; } = descriptor;

    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;

    public IVerticalBuilder AddTemplateSet(TemplateSet templateSet)
    {
        ArgumentNullException.ThrowIfNull(templateSet);
        if (_templateSets.Any(t => t.Name == templateSet.Name))
        {
            throw new StrataException($"Vertical '{Descriptor.Name}' adds template set '{templateSet.Name}' twice.");
        }

        _templateSets.Add(templateSet);
        return this;
    }

    public IVerticalBuilder AddBuildStep(BuildStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_buildSteps.Any(s => s.Name == step.Name))
        {
            throw new StrataException($"Vertical '{Descriptor.Name}' adds build step '{step.Name}' twice.");
        }

        _buildSteps.Add(step);
        return this;
    }

    public IVerticalBuilder MapEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _endpointMaps.Add(map);
        return this;
    }

    public IVerticalBuilder UseMapping(Func<AppRevision, WorkloadSet> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _mapping = map;
        return this;
    }

    public IVerticalBuilder UseSpecValidation(Action<SpecValidationContext> validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        _specValidation = validate;
        return this;
    }

    public VerticalRegistration Build() => new()
    {
        TemplateSets = [.. _templateSets],
        BuildSteps = [.. _buildSteps],
        EndpointMaps = [.. _endpointMaps],
        Mapping = _mapping,
        SpecValidation = _specValidation,
    };
}
