using Microsoft.Extensions.DependencyInjection;
using Strata.Plugins;
using Strata.Templates;

namespace Strata.Verticals.MobileBackend;

/// <summary>
/// The mobile-backend vertical (<c>mobile</c>): an app declares collections with fields, indexes and
/// access rules; Strata runs a backend server for it with users, tokens, CRUD and queries, a change
/// feed, uploads and a push outbox over the app's own database in a persistent volume.
/// </summary>
public sealed class MobileVertical : IVerticalPlugin
{
    /// <inheritdoc />
    public VerticalDescriptor Descriptor { get; } = new("mobile", "0.1.0", StrataContract.Version)
    {
        DisplayName = "Mobile backend",
        Description = "Collections, users, access rules, realtime changes, files and push for mobile apps.",
    };

    /// <inheritdoc />
    public void Configure(IVerticalBuilder vertical)
    {
        ArgumentNullException.ThrowIfNull(vertical);
        vertical.Services.AddHttpClient(MobileApi.HttpClientName);
        var mapping = new MobileMapping(vertical.Configuration[MobileMapping.SigningKeySetting]);
        vertical
            .AddTemplateSet(TemplateSet.FromEmbeddedResources(typeof(MobileVertical).Assembly, "todo", "A todo backend: one owner-only collection with an index."))
            .AddBuildStep(MobilePackageStep.Create())
            .UseSpecValidation(MobileSpec.Validate)
            .UseMapping(mapping.Map)
            .UseClusterPolicy(MobileMapping.Policy)
            .MapEndpoints(MobileApi.Map);
    }
}
