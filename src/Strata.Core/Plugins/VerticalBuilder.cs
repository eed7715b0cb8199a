using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Building;
using Strata.Core.Manifest;
using Strata.Plugins;
using Strata.Policy;
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
    private ClusterPolicy? _clusterPolicy;

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

    public IVerticalBuilder UseClusterPolicy(ClusterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<string>();
        CheckQuantity(problems, "quota.requestsCpu", policy.Quota?.RequestsCpu);
        CheckQuantity(problems, "quota.requestsMemory", policy.Quota?.RequestsMemory);
        CheckQuantity(problems, "quota.limitsCpu", policy.Quota?.LimitsCpu);
        CheckQuantity(problems, "quota.limitsMemory", policy.Quota?.LimitsMemory);
        if (policy.Quota?.Pods < 0)
        {
            problems.Add($"clusterPolicy.quota.pods: {policy.Quota.Pods} is negative; give the most pods the namespace may hold, or null for no cap");
        }

        CheckQuantity(problems, "containerDefaults.cpu", policy.ContainerDefaults?.Cpu);
        CheckQuantity(problems, "containerDefaults.memory", policy.ContainerDefaults?.Memory);
        CheckQuantity(problems, "containerDefaults.cpuLimit", policy.ContainerDefaults?.CpuLimit);
        CheckQuantity(problems, "containerDefaults.memoryLimit", policy.ContainerDefaults?.MemoryLimit);
        if (problems.Count > 0)
        {
            throw new StrataException(
                $"Vertical '{Descriptor.Name}' declares an invalid cluster policy: {string.Join("; ", problems)}.",
                problems[0][..problems[0].IndexOf(':', StringComparison.Ordinal)]);
        }

        _clusterPolicy = policy;
        return this;
    }

    private static void CheckQuantity(List<string> problems, string field, string? value)
    {
        if (value is not null && !KubernetesQuantity.IsValid(value))
        {
            problems.Add($"clusterPolicy.{field}: '{value}' is not a Kubernetes quantity such as 500m, 2 or 256Mi");
        }
    }

    public VerticalRegistration Build() => new()
    {
        TemplateSets = [.. _templateSets],
        BuildSteps = [.. _buildSteps],
        EndpointMaps = [.. _endpointMaps],
        Mapping = _mapping,
        SpecValidation = _specValidation,
        ClusterPolicy = _clusterPolicy,
    };
}
