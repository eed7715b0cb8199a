using Microsoft.AspNetCore.Routing;
using Strata.Building;
using Strata.Policy;
using Strata.Templates;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Plugins;

/// <summary>Everything a vertical declared in <c>Configure</c>.</summary>
public sealed record VerticalRegistration
{
    /// <summary>Template sets; the first is the default.</summary>
    public IReadOnlyList<TemplateSet> TemplateSets { get; init; } = [];

    /// <summary>Build steps, in declaration order.</summary>
    public IReadOnlyList<BuildStep> BuildSteps { get; init; } = [];

    /// <summary>Callbacks that map the vertical's API on its route group.</summary>
    public IReadOnlyList<Action<IEndpointRouteBuilder>> EndpointMaps { get; init; } = [];

    /// <summary>The mapping from an app revision to its workload set, when declared.</summary>
    public Func<AppRevision, WorkloadSet>? Mapping { get; init; }

    /// <summary>The spec validation, when declared.</summary>
    public Action<SpecValidationContext>? SpecValidation { get; init; }

    /// <summary>What the vertical's namespace gets on a cluster (quota, container defaults, isolation), when declared.</summary>
    public ClusterPolicy? ClusterPolicy { get; init; }
}
