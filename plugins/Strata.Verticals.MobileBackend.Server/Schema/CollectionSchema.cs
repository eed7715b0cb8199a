namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>A collection of documents: its fields, indexes and access rules.</summary>
/// <param name="Name">The collection name (a path segment of the API).</param>
/// <param name="Fields">The fields, in the order the spec lists them.</param>
/// <param name="Indexes">The indexes.</param>
/// <param name="Access">Who may read and write.</param>
internal sealed record CollectionSchema(string Name, IReadOnlyList<FieldSchema> Fields, IReadOnlyList<IndexSchema> Indexes, AccessPolicy Access)
{
    /// <summary>The field called <paramref name="name"/>, or null.</summary>
    public FieldSchema? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
