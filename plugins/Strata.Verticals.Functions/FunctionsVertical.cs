using Microsoft.Extensions.DependencyInjection;
using Strata.Plugins;
using Strata.Templates;

namespace Strata.Verticals.Functions;

/// <summary>The Functions vertical: C# HTTP functions, built with <c>dotnet publish</c>, served through the gateway.</summary>
public sealed class FunctionsVertical : IVerticalPlugin
{
    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new("functions", "0.1.0", StrataContract.Version)
    {
        DisplayName = "Functions",
        Description = "C# functions: write a handler class, deploy, call it over HTTP or on a schedule.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical.Services.AddHttpClient(FunctionsApi.HttpClientName);
        vertical
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(FunctionsVertical).Assembly, "http", "An HTTP function: one handler class and strata.yaml."))
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(FunctionsVertical).Assembly, "timer", "A timer function: a handler the runtime calls on a cron schedule (spec.schedule, UTC)."))
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(FunctionsVertical).Assembly, "pool", "A pool of functions workers that serves the functions of apps in mode 'shared' (density)."))
            .AddBuildStep(FunctionPackageStep.Create())
            .UseSpecValidation(FunctionSpec.Validate)
            .UseMapping(FunctionsMapping.Map)
            .UseClusterPolicy(FunctionsMapping.Policy)
            .MapEndpoints(FunctionsApi.Map);
    }
}
