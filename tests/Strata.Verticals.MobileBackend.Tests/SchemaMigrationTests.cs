using System.Text.Json;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Tests;

public sealed class SchemaMigrationTests
{
    private static AppSchema Read(string json) => SchemaReader.ReadValid(JsonDocument.Parse(json).RootElement);

    private static string Spec(string fields, string indexes = "[]") => $$"""{ "collections": { "todos": { "fields": { {{fields}} }, "indexes": {{indexes}} } } }""";

    [Fact]
    public void A_new_database_adds_every_collection_and_index()
    {
        var plan = SchemaMigration.Plan(null, Read(Spec("\"a\": \"int\"", "[\"a\"]")));
        Assert.True(plan.Allowed);
        Assert.Equal(["add collection 'todos'"], plan.Steps);
        Assert.Equal("ix_todos_a", Assert.Single(plan.NewIndexes).Index.NameIn("todos"));
    }

    [Fact]
    public void Additive_changes_are_planned_and_a_new_default_fills_existing_documents()
    {
        var plan = SchemaMigration.Plan(
            Read(Spec("\"a\": \"int\", \"b\": \"string\"", "[\"a\"]")),
            Read(Spec("\"a\": \"int\", \"b\": { \"type\": \"string\", \"required\": true, \"default\": \"x\" }, \"c\": { \"type\": \"bool\", \"default\": true }, \"d\": \"json\"", "[[\"a\", \"c\"]]")));
        Assert.True(plan.Allowed, string.Join("\n", plan.Refusals));
        Assert.Equal(["b", "c"], plan.Defaults.Select(d => d.Field.Name));
        Assert.Equal(["a", "c"], Assert.Single(plan.NewIndexes).Index.Fields);
        Assert.Equal(["a"], Assert.Single(plan.DroppedIndexes).Index.Fields);
    }

    [Fact]
    public void Destructive_changes_are_all_refused_with_their_paths()
    {
        var plan = SchemaMigration.Plan(
            Read("""{ "collections": { "todos": { "fields": { "a": "int", "b": "string", "c": "string", "d": "string[]" } }, "old": { "fields": { "x": "int" } } } }"""),
            Read("""{ "collections": { "todos": { "fields": { "b": "int", "c": { "type": "string", "required": true }, "d": "string", "e": { "type": "int", "required": true } } } } }"""));
        Assert.False(plan.Allowed);
        Assert.Equal(
            ["spec.collections.old", "spec.collections.todos.fields.a", "spec.collections.todos.fields.b", "spec.collections.todos.fields.c", "spec.collections.todos.fields.d", "spec.collections.todos.fields.e"],
            plan.Refusals.Select(r => r[..r.IndexOf(':', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }
}
