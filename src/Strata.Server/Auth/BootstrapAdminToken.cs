namespace Strata.Server.Auth;

/// <summary>
/// The admin token the host created at its first start (when the state store had no token), so the
/// process that runs the host (<c>strata up</c>) can show it once and keep it in the CLI's config.
/// Null on every later start: the text is never stored.
/// </summary>
public sealed class BootstrapAdminToken
{
    /// <summary>The name of the first admin token.</summary>
    public const string Name = "admin";

    /// <summary>The token's text, or null when this start created none.</summary>
    public string? Text { get; internal set; }
}
