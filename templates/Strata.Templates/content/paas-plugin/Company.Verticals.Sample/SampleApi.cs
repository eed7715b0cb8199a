using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Company.Verticals.Sample;

/// <summary>
/// The vertical's API, mounted at <c>/v/sample</c>. So that the host can unload the plugin, handlers take
/// only <see cref="HttpContext"/> and BCL types, and JSON goes through a source-generated context.
/// </summary>
internal static class SampleApi
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/hello", (HttpContext context) => Results.Text($"Hello from the {SampleVertical.Name} vertical {SampleVertical.Version}.\n"))
            .WithName("SampleHello")
            .WithSummary("Says which version of the vertical answers.");
    }
}
