namespace Strata.Server.Dashboard;

/// <summary>The dashboard's addresses, built in one place.</summary>
internal static class DashboardPaths
{
    /// <summary>The overview, and the prefix of every dashboard address.</summary>
    public const string Root = "/dashboard";

    /// <summary>Where a person signs in with a token.</summary>
    public const string Login = Root + "/login";

    /// <summary>Where the session ends (POST).</summary>
    public const string Logout = Root + "/logout";

    /// <summary>The embedded stylesheet and script.</summary>
    public const string Assets = Root + "/assets";

    /// <summary>The apps, optionally of one vertical.</summary>
    public static string Apps(string? vertical = null) =>
        vertical is null ? Root + "/apps" : $"{Root}/apps?vertical={Uri.EscapeDataString(vertical)}";

    /// <summary>One app's page.</summary>
    public static string App(string vertical, string app) => $"{Root}/apps/{Uri.EscapeDataString(vertical)}/{Uri.EscapeDataString(app)}";
}
