namespace Strata.Core.Images;

/// <summary>
/// Where revisions' images go; bound from <c>Strata:Registry</c>. When <see cref="Address"/> is
/// empty no image is built and the Local runtime runs artifact folders as processes.
/// </summary>
public sealed record RegistryOptions
{
    /// <summary>The registry as <c>host[:port]</c>, e.g. <c>127.0.0.1:5000</c> or <c>ghcr.io</c>.</summary>
    public string? Address { get; init; }

    /// <summary>
    /// Talk plain HTTP instead of HTTPS. Only for registries on a loopback address (the .NET SDK's
    /// <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c> is set for them too); refused for any other host.
    /// </summary>
    public bool PlainHttp { get; init; }

    /// <summary>The user name for HTTP basic authentication, when the registry requires it.</summary>
    public string? Username { get; init; }

    /// <summary>The password or token for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Repositories are named <c>&lt;prefix&gt;/&lt;vertical&gt;-&lt;app&gt;</c>.</summary>
    public string RepositoryPrefix { get; init; } = "strata";

    /// <summary>
    /// The base image of every revision image (<c>registry/repo:tag</c>). When empty, Strata seeds
    /// <c>&lt;prefix&gt;/dotnet-runtime:&lt;version&gt;</c> into the registry from this machine's .NET
    /// runtime (see <see cref="DotnetBaseImage"/>), so no public registry is needed.
    /// </summary>
    public string? BaseImage { get; init; }

    /// <summary>True when an image should be built for each revision.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Address);

    /// <summary>Every problem with these settings, each naming its key; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }

        var address = Address!.Trim();
        if (address.Contains("://", StringComparison.Ordinal) || address.Contains('/', StringComparison.Ordinal)
            || !Uri.TryCreate("http://" + address, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/")
        {
            problems.Add($"Strata:Registry:Address '{Address}' is not host[:port] (no scheme, no path), e.g. 127.0.0.1:5000.");
        }
        else if (PlainHttp && !uri.IsLoopback)
        {
            problems.Add($"Strata:Registry:PlainHttp is only allowed for a loopback registry; '{Address}' is not one. Use HTTPS.");
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            problems.Add("Strata:Registry:Username and Strata:Registry:Password are set together or not at all.");
        }

        if (!ImageReference.IsValidRepository(RepositoryPrefix))
        {
            problems.Add($"Strata:Registry:RepositoryPrefix '{RepositoryPrefix}' is not a valid repository path (lowercase letters, digits, '.', '_', '-', '/').");
        }

        if (!string.IsNullOrWhiteSpace(BaseImage) && !ImageReference.TryParse(BaseImage, out _))
        {
            problems.Add($"Strata:Registry:BaseImage '{BaseImage}' is not an image reference of the form registry/repository:tag.");
        }

        return problems;
    }

    /// <summary>The registry's base URL (<c>http(s)://address/</c>).</summary>
    public Uri BaseUri => new($"{(PlainHttp ? "http" : "https")}://{Address!.Trim()}/");
}
