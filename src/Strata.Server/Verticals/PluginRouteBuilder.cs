using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Strata.Server.Verticals;

/// <summary>
/// A route builder private to one plugin: the plugin maps into it with its own service provider and
/// never sees the host's application. The host reads the endpoints once and publishes them.
/// </summary>
internal sealed class PluginRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
}
