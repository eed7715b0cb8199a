using System.Text.Json;
using Strata.Manifest;
using Strata.Validation;

namespace Strata.Verticals.MobileBackend.Tests;

public sealed class MobileSpecTests
{
    private static IReadOnlyList<ValidationProblem> Validate(string spec)
    {
        var context = new SpecValidationContext(new AppManifest { Name = "todo", Vertical = "mobile", Spec = JsonDocument.Parse(spec).RootElement });
        MobileSpec.Validate(context);
        return context.Problems;
    }

    [Fact]
    public void The_template_spec_is_valid()
    {
        var template = File.ReadAllText(Path.Combine(Strata.Testing.RepoPaths.Root, "plugins/Strata.Verticals.MobileBackend/templates/todo/strata.yaml"));
        Assert.Contains("vertical: mobile", template);
        Assert.Empty(Validate(Server.Specs.Todo));
        Assert.Empty(Validate(Server.Specs.Matrix));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var problems = Validate("""
            {
              "collections": {
                "Bad Name": { "fields": { "x": "string" } },
                "todos": {
                  "fields": {
                    "id": "string",
                    "title": { "type": "text", "required": "yes" },
                    "count": { "type": "int", "maxLength": 3, "default": "many" },
                    "tags": "string[]"
                  },
                  "indexes": ["nope", ["tags", 3]],
                  "access": { "read": ["owner", "everyone"], "write": [], "delete": "owner" }
                }
              },
              "files": { "maxBytes": 0, "types": ["png"], "read": "role:x" },
              "push": { "webhook": "ftp://x", "send": "owner" },
              "database": { "provider": "mysql" },
              "extra": 1
            }
            """);

        Assert.Equal(
            [
                "spec.collections.Bad Name",
                "spec.collections.todos.access.delete",
                "spec.collections.todos.access.read[1]",
                "spec.collections.todos.access.write",
                "spec.collections.todos.fields.count.default",
                "spec.collections.todos.fields.count.maxLength",
                "spec.collections.todos.fields.id",
                "spec.collections.todos.fields.title.required",
                "spec.collections.todos.fields.title.type",
                "spec.collections.todos.indexes[0]",
                "spec.collections.todos.indexes[1][1]",
                "spec.database.provider",
                "spec.extra",
                "spec.files.maxBytes",
                "spec.files.read",
                "spec.files.types[0]",
                "spec.push.send",
                "spec.push.webhook",
            ],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_spec_or_collections_says_what_is_needed()
    {
        Assert.Equal("spec", Assert.Single(Validate("null")).Path);
        Assert.Equal("spec.collections", Assert.Single(Validate("""{ "collections": {} }""")).Path);
        Assert.Equal("spec.database.connectionString", Assert.Single(Validate("""{ "collections": { "a": { "fields": { "x": "int" } } }, "database": { "provider": "postgres" } }""")).Path);
    }
}
