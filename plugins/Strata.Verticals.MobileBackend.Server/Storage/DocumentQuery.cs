namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>A query on a collection: filters (all must hold), sort keys, a page.</summary>
/// <param name="Filters">Conditions on fields.</param>
/// <param name="Sort">Sort keys, first one first; the insertion order breaks ties.</param>
/// <param name="Limit">The page size.</param>
/// <param name="Offset">How many matching documents to skip.</param>
/// <param name="Owner">When set, only this user's documents (an owner-only reader).</param>
internal sealed record DocumentQuery(IReadOnlyList<QueryFilter> Filters, IReadOnlyList<SortKey> Sort, int Limit, int Offset, string? Owner);

/// <summary>One condition: <paramref name="Field"/> <paramref name="Operator"/> <paramref name="Value"/>.</summary>
/// <param name="Field">A declared field or one every document has.</param>
/// <param name="Operator"><c>eq</c>, <c>ne</c>, <c>lt</c>, <c>lte</c>, <c>gt</c>, <c>gte</c> or <c>contains</c> (strings).</param>
/// <param name="Value">A string, long, double or bool, of the field's type.</param>
internal sealed record QueryFilter(string Field, string Operator, object Value);

/// <summary>One sort key.</summary>
/// <param name="Field">A declared field or one every document has.</param>
/// <param name="Descending">Largest first.</param>
internal sealed record SortKey(string Field, bool Descending);

/// <summary>A page of a query's result.</summary>
/// <param name="Items">The documents of the page.</param>
/// <param name="Total">How many documents match in all.</param>
internal sealed record QueryPage(IReadOnlyList<StoredDocument> Items, long Total);
