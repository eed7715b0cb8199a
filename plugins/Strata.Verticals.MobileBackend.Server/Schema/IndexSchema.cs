namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>An index on one or more fields of a collection, for filters and sorts on them.</summary>
/// <param name="Fields">The indexed fields, in order.</param>
internal sealed record IndexSchema(IReadOnlyList<string> Fields)
{
    /// <summary>A stable name for the index, from its collection and fields.</summary>
    public string NameIn(string collection) => "ix_" + collection + "_" + string.Join("_", Fields);

    /// <inheritdoc />
    public bool Equals(IndexSchema? other) => other is not null && Fields.SequenceEqual(other.Fields, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => string.Join(",", Fields).GetHashCode(StringComparison.Ordinal);
}
