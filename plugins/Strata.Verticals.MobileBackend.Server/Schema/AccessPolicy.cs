namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// A collection's access rules: who may read (get, list, the change feed) and who may write (create,
/// update, delete). A verb is allowed when any rule of its list allows it.
/// </summary>
/// <param name="Read">The rules for reading.</param>
/// <param name="Write">The rules for writing.</param>
internal sealed record AccessPolicy(IReadOnlyList<AccessRule> Read, IReadOnlyList<AccessRule> Write)
{
    /// <summary>Documents are their owner's alone: the default, so that forgetting a rule leaks nothing.</summary>
    public static AccessPolicy OwnerOnly { get; } = new([AccessRule.Owner], [AccessRule.Owner]);

    /// <summary>Anyone reads; owners write.</summary>
    public static AccessPolicy PublicRead { get; } = new([AccessRule.Public], [AccessRule.Owner]);

    /// <summary>Any signed-in user reads and writes.</summary>
    public static AccessPolicy Authenticated { get; } = new([AccessRule.Authenticated], [AccessRule.Authenticated]);

    /// <summary>The presets a spec may name instead of a mapping.</summary>
    public static IReadOnlyDictionary<string, AccessPolicy> Presets { get; } = new Dictionary<string, AccessPolicy>
    {
        ["owner-only"] = OwnerOnly,
        ["public-read"] = PublicRead,
        ["authenticated"] = Authenticated,
    };
}
