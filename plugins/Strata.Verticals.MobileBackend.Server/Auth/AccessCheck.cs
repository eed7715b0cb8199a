using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Server.Auth;

/// <summary>
/// Applies a collection's rules to a caller. Denials: 401 for an anonymous caller the rules need
/// signed in, 403 for a signed-in caller they do not admit, and 404 for a document that exists but
/// belongs to someone else under an owner rule (its existence is not revealed).
/// </summary>
internal static class AccessCheck
{
    /// <summary>True when a rule other than <c>owner</c> admits the caller: they may touch every document.</summary>
    public static bool AdmitsAll(IReadOnlyList<AccessRule> rules, Caller caller) => rules.Any(rule => rule.Kind switch
    {
        AccessKind.Public => true,
        AccessKind.Authenticated => caller.IsSignedIn,
        AccessKind.Role => caller.IsSignedIn && caller.Roles.Contains(rule.Role!),
        _ => false,
    });

    /// <summary>True when an <c>owner</c> rule admits the caller for their own documents.</summary>
    public static bool AdmitsOwn(IReadOnlyList<AccessRule> rules, Caller caller) => caller.IsSignedIn && rules.Any(r => r.Kind == AccessKind.Owner);

    /// <summary>Whether the caller may use the verb on the collection at all (create, list, the feed); null when allowed.</summary>
    public static IResult? Collection(IReadOnlyList<AccessRule> rules, Caller caller, string verb, string collection)
    {
        if (AdmitsAll(rules, caller) || AdmitsOwn(rules, caller))
        {
            return null;
        }

        return caller.IsSignedIn
            ? Problems.Forbidden($"The rules of '{collection}' do not let you {verb} ({string.Join(", ", rules)}).")
            : Problems.Unauthorized($"The rules of '{collection}' need a signed-in user to {verb} ({string.Join(", ", rules)}).");
    }

    /// <summary>Whether the caller may use the verb on a document owned by <paramref name="owner"/>; null when allowed.</summary>
    public static IResult? Document(IReadOnlyList<AccessRule> rules, Caller caller, string verb, string collection, string id, string? owner)
    {
        if (AdmitsAll(rules, caller) || (AdmitsOwn(rules, caller) && owner == caller.UserId))
        {
            return null;
        }

        if (AdmitsOwn(rules, caller))
        {
            return Problems.NotFound($"No document '{id}' of yours in '{collection}'.");
        }

        return Collection(rules, caller, verb, collection) ?? Problems.Forbidden($"The rules of '{collection}' do not let you {verb} this document.");
    }
}
