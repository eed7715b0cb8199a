namespace Strata.Dashboard.Tests;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c>; <c>eng/setup.sh</c> installs it), which Playwright
/// drives through the driver its package ships: no browser is downloaded. <c>STRATA_CHROMIUM</c> names another.
/// </summary>
internal static class Chromium
{
    /// <summary>The flags of a browser in a container without a display or a network.</summary>
    public static IReadOnlyList<string> Flags { get; } = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

    /// <summary>Where Chromium is, or null.</summary>
    public static string? Find() => Find(Environment.GetEnvironmentVariable("STRATA_CHROMIUM"), ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"]);

    /// <summary>The configured path when it exists, else the first candidate that does.</summary>
    internal static string? Find(string? configured, IEnumerable<string> candidates) =>
        !string.IsNullOrEmpty(configured) ? (File.Exists(configured) ? configured : null) : candidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// The path of Chromium. Without one, the test fails in CI (<c>CI=true</c>), where its absence is a
    /// broken set-up, and is skipped elsewhere, saying how to install it.
    /// </summary>
    public static string Require()
    {
        if (Find() is { } path)
        {
            return path;
        }

        var message = MissingMessage(Environment.GetEnvironmentVariable("STRATA_CHROMIUM"));
        if (IsCi(Environment.GetEnvironmentVariable("CI")))
        {
            throw new InvalidOperationException(message);
        }

        Skip.If(true, message);
        return "";
    }

    internal static bool IsCi(string? ci) => string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";

    internal static string MissingMessage(string? configured) => string.IsNullOrEmpty(configured)
        ? "Chromium is not installed (looked for /usr/bin/chromium); the dashboard's browser tests need it: run eng/setup.sh (apt-get install chromium), or set STRATA_CHROMIUM to a Chromium executable."
        : $"STRATA_CHROMIUM names '{configured}', which does not exist; point it at a Chromium executable or unset it to use /usr/bin/chromium.";
}
