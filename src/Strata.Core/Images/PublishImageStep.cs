using Strata.Building;
using Strata.Workloads;

namespace Strata.Core.Images;

/// <summary>
/// The host's <c>publish-image</c> build step, added to every vertical that does not declare its own
/// when a registry is configured. It runs after all of the vertical's steps and publishes every
/// artifact that has a folder. Its hash covers those steps and the registry settings, not the tag,
/// so an unchanged build is cached and pushes nothing.
/// </summary>
public static class PublishImageStep
{
    /// <summary>Appends the step to <paramref name="steps"/> unless one of that name is declared.</summary>
    /// <param name="steps">The vertical's steps.</param>
    /// <param name="publisher">The registry to publish to.</param>
    /// <param name="vertical">The vertical, for the repository name.</param>
    /// <param name="app">The app, for the repository name.</param>
    /// <param name="tag">The image tag: the number the revision will get.</param>
    public static IReadOnlyList<BuildStep> AddTo(IReadOnlyList<BuildStep> steps, ImagePublisher publisher, string vertical, string app, string tag)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(publisher);
        if (steps.Any(s => s.Name == WellKnownBuildSteps.PublishImage))
        {
            return steps;
        }

        var step = new BuildStep(WellKnownBuildSteps.PublishImage, context => RunAsync(context, publisher, vertical, app, tag))
        {
            DependsOn = [.. steps.Select(s => s.Name)],
            Inputs = [],
            CacheKey = publisher.CacheKey,
        };
        return [.. steps, step];
    }

    private static async Task RunAsync(IBuildContext context, ImagePublisher publisher, string vertical, string app, string tag)
    {
        var artifacts = context.Artifacts.Values.Where(a => a.Directory is not null).ToList();
        if (artifacts.Count == 0)
        {
            throw new BuildStepException("There is no artifact with a folder to publish as an image; the vertical's package step must add one (IBuildContext.AddArtifact).");
        }

        foreach (var artifact in artifacts)
        {
            Artifact published;
            try
            {
                published = await publisher.PublishAsync(context, artifact, publisher.Repository(vertical, app, artifact.Name), tag, context.CancellationToken).ConfigureAwait(false);
            }
            catch (StrataException ex)
            {
                throw new BuildStepException(ex.Message, ex);
            }

            context.AddArtifact(published);
            ImagePublishLog.Published(context.Logger, artifact.Name, published.Image!, published.ImageDigest!);
        }
    }
}
