using System.Globalization;

namespace Strata.Core.Plugins;

/// <summary>
/// Decides whether a plugin built for one contract version can run on this host: same major
/// version, and a minor version that is not newer than the host's.
/// </summary>
public static class ContractVersionCheck
{
    /// <summary>Null when compatible, else a sentence naming both versions and what to do.</summary>
    /// <param name="pluginContractVersion">The version the plugin says it was built for (<c>major.minor</c>).</param>
    public static string? Check(string? pluginContractVersion)
    {
        if (!TryParse(pluginContractVersion, out var major, out var minor))
        {
            return $"declares contract version '{pluginContractVersion}', which is not of the form major.minor; this host speaks contract {StrataContract.Version}.";
        }

        if (major != StrataContract.Major || minor > StrataContract.Minor)
        {
            return $"was built for contract {major}.{minor}; this host speaks contract {StrataContract.Version}: {Fix(major, minor)}.";
        }

        return null;
    }

    /// <summary>What the operator does about a plugin built for contract <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public static string Fix(int major, int minor) =>
        major > StrataContract.Major || (major == StrataContract.Major && minor > StrataContract.Minor)
            ? "upgrade the host or install a version of the plugin built for this contract"
            : "rebuild the plugin against Strata.Abstractions " + StrataContract.Version;

    private static bool TryParse(string? value, out int major, out int minor)
    {
        major = minor = 0;
        var parts = value?.Split('.') ?? [];
        return parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor));
    }
}
