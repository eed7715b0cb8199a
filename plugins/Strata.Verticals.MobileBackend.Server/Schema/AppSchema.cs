namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>A mobile app's <c>spec:</c>, read and checked by <see cref="SchemaReader"/>.</summary>
internal sealed record AppSchema
{
    /// <summary>The collections, in the order the spec lists them.</summary>
    public IReadOnlyList<CollectionSchema> Collections { get; init; } = [];

    /// <summary>Upload limits.</summary>
    public FileRules Files { get; init; } = FileRules.Default;

    /// <summary>Role name → the e-mail addresses of the users who hold it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Who may send push notifications (<c>spec.push.send</c>); <c>role:admin</c> by default.</summary>
    public AccessRule PushSenders { get; init; } = new(AccessKind.Role, "admin");

    /// <summary>Where the push outbox delivers (<c>spec.push.webhook</c>); null logs each notification instead.</summary>
    public string? PushWebhook { get; init; }

    /// <summary>Where the data lives.</summary>
    public DatabaseSettings Database { get; init; } = DatabaseSettings.Default;

    /// <summary>The collection called <paramref name="name"/>, or null.</summary>
    public CollectionSchema? Collection(string name) => Collections.FirstOrDefault(c => c.Name == name);

    /// <summary>The roles of the user with <paramref name="email"/>.</summary>
    public IReadOnlyList<string> RolesOf(string email) =>
        [.. Roles.Where(r => r.Value.Any(e => string.Equals(e, email, StringComparison.OrdinalIgnoreCase))).Select(r => r.Key)];
}
