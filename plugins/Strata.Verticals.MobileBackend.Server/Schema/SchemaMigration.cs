namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// What moving the data from the schema a database recorded to a new one takes: additive steps
/// (new collections, fields, indexes; a new field's default written into existing documents), or
/// refusals for anything that would lose or invalidate data (a dropped collection or field, a
/// retyped field, an existing field made required without a default). A plan with refusals is
/// never applied: the data stays as it was.
/// </summary>
/// <param name="Steps">What applying the plan does, for the log.</param>
/// <param name="Refusals">Why the new schema cannot be applied, each naming its path.</param>
/// <param name="Defaults">New fields whose default existing documents get: (collection, field).</param>
/// <param name="NewIndexes">Indexes to create: (collection, index).</param>
/// <param name="DroppedIndexes">Indexes to drop: (collection, index). Dropping an index loses no data.</param>
internal sealed record SchemaMigration(
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Refusals,
    IReadOnlyList<(CollectionSchema Collection, FieldSchema Field)> Defaults,
    IReadOnlyList<(string Collection, IndexSchema Index)> NewIndexes,
    IReadOnlyList<(string Collection, IndexSchema Index)> DroppedIndexes)
{
    /// <summary>True when the plan may be applied.</summary>
    public bool Allowed => Refusals.Count == 0;

    /// <summary>Plans the move from <paramref name="recorded"/> (null for a new database) to <paramref name="next"/>.</summary>
    public static SchemaMigration Plan(AppSchema? recorded, AppSchema next)
    {
        var steps = new List<string>();
        var refusals = new List<string>();
        var defaults = new List<(CollectionSchema, FieldSchema)>();
        var newIndexes = new List<(string, IndexSchema)>();
        var dropped = new List<(string, IndexSchema)>();
        foreach (var old in recorded?.Collections ?? [])
        {
            if (next.Collection(old.Name) is null)
            {
                refusals.Add($"spec.collections.{old.Name}: the collection was removed; dropping it would delete its documents. Keep it in the spec (an empty collection costs nothing).");
            }
        }

        foreach (var collection in next.Collections)
        {
            var old = recorded?.Collection(collection.Name);
            if (old is null)
            {
                steps.Add($"add collection '{collection.Name}'");
                newIndexes.AddRange(collection.Indexes.Select(i => (collection.Name, i)));
                continue;
            }

            PlanFields(old, collection, steps, refusals, defaults);
            foreach (var index in collection.Indexes.Where(i => !old.Indexes.Contains(i)))
            {
                steps.Add($"add index {collection.Name}({string.Join(", ", index.Fields)})");
                newIndexes.Add((collection.Name, index));
            }

            foreach (var index in old.Indexes.Where(i => !collection.Indexes.Contains(i)))
            {
                steps.Add($"drop index {collection.Name}({string.Join(", ", index.Fields)})");
                dropped.Add((collection.Name, index));
            }
        }

        return new SchemaMigration(steps, refusals, defaults, newIndexes, dropped);
    }

    private static void PlanFields(CollectionSchema old, CollectionSchema next, List<string> steps, List<string> refusals, List<(CollectionSchema, FieldSchema)> defaults)
    {
        var path = $"spec.collections.{next.Name}.fields";
        foreach (var field in old.Fields.Where(f => next.Field(f.Name) is null))
        {
            refusals.Add($"{path}.{field.Name}: the field was removed; dropping it would delete its values in existing documents. Keep it (make it optional if it is no longer needed).");
        }

        foreach (var field in next.Fields)
        {
            var before = old.Field(field.Name);
            if (before is null)
            {
                if (field.Required && field.Default is null)
                {
                    refusals.Add($"{path}.{field.Name}: a new required field needs a default, which existing documents get; add 'default:' or make it optional.");
                    continue;
                }

                steps.Add($"add field {next.Name}.{field.Name} ({field.TypeName}{(field.Default is { } d ? ", default " + d.GetRawText() : "")})");
                if (field.Default is not null)
                {
                    defaults.Add((next, field));
                }

                continue;
            }

            if (before.Type != field.Type || before.IsList != field.IsList)
            {
                refusals.Add($"{path}.{field.Name}: the type changed from {before.TypeName} to {field.TypeName}; existing values would not fit. Add a new field instead.");
            }
            else if (field.Required && !before.Required)
            {
                if (field.Default is null)
                {
                    refusals.Add($"{path}.{field.Name}: the field became required without a default; existing documents without it would become invalid. Add 'default:' (written into those documents) or keep it optional.");
                }
                else
                {
                    steps.Add($"make {next.Name}.{field.Name} required, default {field.Default.Value.GetRawText()} for documents without it");
                    defaults.Add((next, field));
                }
            }
        }
    }
}
