using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Building;
using Strata.Manifest;
using Strata.Policy;
using Strata.Templates;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Plugins;

/// <summary>
/// What a vertical declares itself on, in <see cref="IVerticalPlugin.Configure"/>.
/// Each method adds one kind of extension point; all of them return the builder so calls chain.
/// </summary>
public interface IVerticalBuilder
{
    /// <summary>The descriptor of the vertical being configured.</summary>
    VerticalDescriptor Descriptor { get; }

    /// <summary>
    /// The vertical's own service collection. It becomes a service provider private to the plugin,
    /// which already holds the host services a plugin may use (logging, configuration,
    /// <see cref="Discovery.IServiceEndpoints"/>, <c>IHttpClientFactory</c>, <see cref="TimeProvider"/>).
    /// </summary>
    IServiceCollection Services { get; }

    /// <summary>The vertical's configuration: the host's section <c>Strata:Verticals:&lt;name&gt;</c>.</summary>
    IConfiguration Configuration { get; }

    /// <summary>Adds a template set that <c>strata new &lt;vertical&gt; &lt;app&gt; --template &lt;set&gt;</c> renders.</summary>
    /// <param name="templateSet">The set; the first one added is the default.</param>
    IVerticalBuilder AddTemplateSet(TemplateSet templateSet);

    /// <summary>Adds a build step; the host orders steps by <see cref="BuildStep.DependsOn"/>, runs, logs and caches them.</summary>
    /// <param name="step">The step; its name is unique within the vertical.</param>
    IVerticalBuilder AddBuildStep(BuildStep step);

    /// <summary>
    /// Adds the vertical's API surface. <paramref name="map"/> maps endpoints on a group that the host
    /// mounts at <c>/v/{vertical}</c>, adding ProblemDetails, authorization and an OpenAPI tag around it.
    /// </summary>
    /// <remarks>
    /// So that the plugin can be unloaded: take <c>HttpContext</c> or BCL types as handler parameters,
    /// resolve the plugin's services from <c>HttpContext.RequestServices</c> (the plugin's own provider
    /// during the request), and write JSON through a source-generated <c>JsonSerializerContext</c>.
    /// </remarks>
    /// <param name="map">Maps endpoints on the vertical's route group.</param>
    IVerticalBuilder MapEndpoints(Action<IEndpointRouteBuilder> map);

    /// <summary>
    /// Sets how an app revision maps onto the CaaS-neutral workload set. The function must be pure:
    /// no I/O, the same revision always gives the same set.
    /// </summary>
    /// <param name="map">The mapping.</param>
    IVerticalBuilder UseMapping(Func<AppRevision, WorkloadSet> map);

    /// <summary>
    /// Sets the validation of the vertical-specific <c>spec:</c> section of <c>strata.yaml</c>.
    /// The validator reports every problem it finds, each with its path, not only the first.
    /// </summary>
    /// <param name="validate">Called with a context holding the manifest and collecting problems.</param>
    IVerticalBuilder UseSpecValidation(Action<SpecValidationContext> validate);

    /// <summary>
    /// Declares what the vertical's namespace gets on a cluster: a quota, default container resources and
    /// network isolation (see <see cref="ClusterPolicy"/>). Without it the namespace has none of them.
    /// Quantities are checked here, so a typo fails when the plugin loads, naming the field.
    /// </summary>
    /// <param name="policy">The policy; a later call replaces an earlier one.</param>
    IVerticalBuilder UseClusterPolicy(ClusterPolicy policy);
}
