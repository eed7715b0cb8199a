namespace Strata;

/// <summary>
/// The version of the vertical-plugin contract that this assembly defines.
/// </summary>
/// <remarks>
/// <see cref="Version"/> is a constant, so a plugin that writes
/// <c>ContractVersion = StrataContract.Version</c> records the version it was compiled against,
/// not the one the host happens to load. The host accepts a plugin whose major version equals its
/// own and whose minor version is not newer than its own.
/// </remarks>
public static class StrataContract
{
    /// <summary>The contract version, <c>major.minor</c>.</summary>
    public const string Version = "1.4";

    /// <summary>The contract's major version: a change here breaks every plugin.</summary>
    public const int Major = 1;

    /// <summary>The contract's minor version: additions that older plugins do not need.</summary>
    public const int Minor = 4;
}
