namespace Strata.Building;

/// <summary>Keys of <see cref="IBuildContext.Properties"/> that mean the same in every vertical.</summary>
public static class WellKnownBuildProperties
{
    /// <summary>
    /// The full path of the .NET project (<c>.csproj</c>) a step published into the default artifact.
    /// When set, the host's <c>publish-image</c> step builds the image with the .NET SDK's container
    /// publishing (<c>dotnet publish -t:PublishContainer</c>) instead of packing the artifact folder.
    /// </summary>
    public const string DotnetProject = "dotnet.project";
}
