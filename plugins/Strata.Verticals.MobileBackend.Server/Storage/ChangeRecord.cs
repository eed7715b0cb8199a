using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Server.Storage;

/// <summary>One change of a collection, numbered in commit order (the change feed's event id).</summary>
/// <param name="Sequence">Increases with every change of the database, in the order they were committed.</param>
/// <param name="Collection">The collection.</param>
/// <param name="DocumentId">The document changed.</param>
/// <param name="Operation"><c>create</c>, <c>update</c> or <c>delete</c>.</param>
/// <param name="Owner">The document's owner (the feed of an owner-only collection shows a user only theirs).</param>
/// <param name="Document">The document after the change; null for a delete.</param>
internal sealed record ChangeRecord(long Sequence, string Collection, string DocumentId, string Operation, string? Owner, JsonObject? Document);
