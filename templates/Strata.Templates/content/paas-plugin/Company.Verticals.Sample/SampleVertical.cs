using System.Reflection;
using Strata;
using Strata.Plugins;
using Strata.Templates;

namespace Company.Verticals.Sample;

/// <summary>The Sample vertical: apps are a folder of files served by a command the app names.</summary>
public sealed class SampleVertical : IVerticalPlugin
{
    /// <summary>The vertical's DNS-safe name: its API is mounted at <c>/v/sample</c>.</summary>
    public const string Name = "sample";

    /// <summary>The package version this assembly was built as (<c>dotnet pack -p:Version=…</c>).</summary>
    public static string Version { get; } = typeof(SampleVertical).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new(Name, Version, StrataContract.Version)
    {
        DisplayName = "Sample",
        Description = "A folder of files served by the command in strata.yaml.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(SampleVertical).Assembly, "site", "A static site and its strata.yaml."))
            .AddBuildStep(SamplePackageStep.Create())
            .UseSpecValidation(SampleSpec.Validate)
            .UseMapping(SampleMapping.Map);
#if (api)
        vertical.MapEndpoints(SampleApi.Map);
#endif
    }
}
