namespace Strata.Building;

/// <summary>Names of build steps that mean the same in every vertical.</summary>
public static class WellKnownBuildSteps
{
    /// <summary>Fetches dependencies.</summary>
    public const string Restore = "restore";

    /// <summary>Compiles sources.</summary>
    public const string Compile = "compile";

    /// <summary>Runs the app's own tests.</summary>
    public const string Test = "test";

    /// <summary>Produces a runnable folder and entry command (an artifact).</summary>
    public const string Package = "package";

    /// <summary>Builds an OCI image from an artifact and pushes it to the registry.</summary>
    public const string PublishImage = "publish-image";
}
