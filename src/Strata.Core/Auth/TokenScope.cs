using System.Diagnostics.CodeAnalysis;
using Strata.Core.Naming;

namespace Strata.Core.Auth;

/// <summary>
/// One permission a token carries: <c>&lt;vertical&gt;:&lt;action&gt;</c>, where either part may be <c>*</c>
/// (<c>functions:deploy</c>, <c>*:read</c>, <c>simulation:*</c>), or <c>admin</c>, which allows everything,
/// including tokens and plugins.
/// </summary>
/// <param name="Vertical">A vertical name, or <c>*</c> for every vertical.</param>
/// <param name="Action">One of <see cref="Actions"/>, or <c>*</c> for every action.</param>
public sealed record TokenScope(string Vertical, string Action)
{
    /// <summary>Everything: every vertical and action, and the host's own administration (tokens, plugins).</summary>
    public const string AdminText = "admin";

    /// <summary>Reads: lists, status, logs, revisions, renders, a vertical API's GET and HEAD.</summary>
    public const string Read = "read";

    /// <summary>Deploys: create, deploy, rollback, cancel a job.</summary>
    public const string Deploy = "deploy";

    /// <summary>Deletes apps.</summary>
    public const string Delete = "delete";

    /// <summary>Changes through a vertical's API (invoke a function, submit a run): its POST, PUT, PATCH and DELETE.</summary>
    public const string Write = "write";

    /// <summary>The host's administration: tokens and plugins. Only <c>admin</c> and <c>*:admin</c> carry it.</summary>
    public const string Administer = "admin";

    /// <summary>The actions a scope can name.</summary>
    public static IReadOnlyList<string> Actions { get; } = [Read, Write, Deploy, Delete, Administer];

    /// <summary>The scope that allows everything.</summary>
    public static TokenScope Admin { get; } = new("*", "*");

    /// <summary>True when this scope allows <paramref name="action"/> on <paramref name="vertical"/> (null: the host itself).</summary>
    public bool Allows(string? vertical, string action) =>
        (Action == "*" || Action == action)
        && (Vertical == "*" || (vertical is not null && Vertical == vertical));

    /// <summary>Parses one scope; returns false with the reason when it is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TokenScope? scope, [NotNullWhen(false)] out string? problem)
    {
        scope = null;
        problem = null;
        var value = text?.Trim() ?? "";
        if (value == AdminText)
        {
            scope = Admin;
            return true;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || value.IndexOf(':', colon + 1) >= 0)
        {
            problem = $"'{text}' is not a scope; write <vertical>:<action> (e.g. functions:deploy, *:read) or admin";
            return false;
        }

        var vertical = value[..colon];
        var action = value[(colon + 1)..];
        if (vertical != "*" && StrataNames.CheckDnsLabel(vertical) is { } bad)
        {
            problem = $"'{text}' names vertical '{vertical}': {bad}";
            return false;
        }

        if (action != "*" && !Actions.Contains(action, StringComparer.Ordinal))
        {
            problem = $"'{text}' names action '{action}'; expected one of {string.Join(", ", Actions)} or *";
            return false;
        }

        scope = new TokenScope(vertical, action);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => this == Admin ? AdminText : $"{Vertical}:{Action}";
}
