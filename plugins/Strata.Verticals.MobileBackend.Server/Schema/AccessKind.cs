namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>The kinds of <see cref="AccessRule"/>.</summary>
internal enum AccessKind
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,

    /// <summary>Any signed-in user.</summary>
    Authenticated,

    /// <summary>The document's owner only.</summary>
    Owner,

    /// <summary>Users holding a role.</summary>
    Role,
}
