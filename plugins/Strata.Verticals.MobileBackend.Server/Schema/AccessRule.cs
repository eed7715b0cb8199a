namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// Who may do something: <c>public</c> (anyone, signed in or not), <c>authenticated</c> (any signed-in
/// user), <c>owner</c> (the user who created the document), or <c>role:&lt;name&gt;</c> (users with the role).
/// </summary>
/// <param name="Kind">Which of the four.</param>
/// <param name="Role">The role name, for <see cref="AccessKind.Role"/>.</param>
internal sealed record AccessRule(AccessKind Kind, string? Role = null)
{
    /// <summary>Anyone.</summary>
    public static AccessRule Public { get; } = new(AccessKind.Public);

    /// <summary>Any signed-in user.</summary>
    public static AccessRule Authenticated { get; } = new(AccessKind.Authenticated);

    /// <summary>The document's owner.</summary>
    public static AccessRule Owner { get; } = new(AccessKind.Owner);

    /// <summary>Reads one rule; null when the text is none of them.</summary>
    public static AccessRule? Parse(string text) => text switch
    {
        "public" => Public,
        "authenticated" => Authenticated,
        "owner" => Owner,
        _ when text.StartsWith("role:", StringComparison.Ordinal) && text.Length > 5 => new AccessRule(AccessKind.Role, text[5..]),
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AccessKind.Public => "public",
        AccessKind.Authenticated => "authenticated",
        AccessKind.Owner => "owner",
        _ => "role:" + Role,
    };
}
