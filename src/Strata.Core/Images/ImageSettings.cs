namespace Strata.Core.Images;

/// <summary>What an image runs: the parts of the OCI image config Strata sets.</summary>
public sealed record ImageSettings
{
    /// <summary>The entry point (program and arguments); empty keeps the base image's.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The working directory; null keeps the base image's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or replacing those of) the base image's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The user to run as; null keeps the base image's.</summary>
    public string? User { get; init; }
}
