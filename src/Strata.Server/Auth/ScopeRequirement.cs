using Microsoft.AspNetCore.Authorization;

namespace Strata.Server.Auth;

/// <summary>Where a <see cref="ScopeRequirement"/> finds the vertical its scope is checked against.</summary>
public enum ScopeTarget
{
    /// <summary>The host itself (tokens, plugins, metrics): only a <c>*:&lt;action&gt;</c> or <c>admin</c> scope allows it.</summary>
    Host,

    /// <summary>Any vertical: the action on at least one vertical (the endpoint narrows it once it knows the vertical, as a deploy does from the manifest).</summary>
    AnyVertical,

    /// <summary>The vertical the requirement names (a vertical API's group).</summary>
    Vertical,

    /// <summary>The route value <c>{vertical}</c>.</summary>
    RouteVertical,

    /// <summary>The vertical of the app the route value <c>{app}</c> (and <c>?vertical=</c>) names.</summary>
    App,
}

/// <summary>
/// An endpoint's need: a token whose scopes allow <see cref="Action"/> on the vertical <see cref="Target"/> finds.
/// </summary>
/// <param name="Action">A <see cref="Core.Auth.TokenScope"/> action; null: read for GET and HEAD, write for any other method (a vertical API).</param>
/// <param name="Target">Where the vertical comes from.</param>
/// <param name="Vertical">The vertical, for <see cref="ScopeTarget.Vertical"/>.</param>
public sealed record ScopeRequirement(string? Action, ScopeTarget Target, string? Vertical = null) : IAuthorizationRequirement
{
    /// <summary>The action a request needs: <see cref="Action"/>, or read/write by method when it is null.</summary>
    public string ActionFor(string method) =>
        Action ?? (Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) || Microsoft.AspNetCore.Http.HttpMethods.IsHead(method) ? Core.Auth.TokenScope.Read : Core.Auth.TokenScope.Write);
}
