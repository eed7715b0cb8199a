namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>App specs (the <c>spec:</c> of strata.yaml, as the package step writes it to mobile.json) the server tests run.</summary>
internal static class Specs
{
    /// <summary>One collection per kind of rule, and an admin role.</summary>
    public const string Matrix = """
        {
          "collections": {
            "notes": { "fields": { "text": "string" }, "access": "owner-only" },
            "posts": { "fields": { "text": "string" }, "access": "public-read" },
            "team": { "fields": { "text": "string" }, "access": { "read": ["owner", "role:admin"], "write": ["owner", "role:admin"] } },
            "announcements": { "fields": { "text": "string" }, "access": { "read": "public", "write": "role:admin" } }
          },
          "roles": { "admin": ["admin@example.com"] }
        }
        """;

    /// <summary>A todo app: typed fields with limits, an index, small uploads of two types.</summary>
    public const string Todo = """
        {
          "collections": {
            "todos": {
              "fields": {
                "title": { "type": "string", "required": true, "maxLength": 20 },
                "done": { "type": "bool", "default": false },
                "priority": { "type": "int", "min": 1, "max": 5 },
                "due": "datetime",
                "tags": "string[]"
              },
              "indexes": ["done", ["done", "priority"]],
              "access": "owner-only"
            }
          },
          "files": { "maxBytes": 1024, "types": ["text/plain", "image/*"] }
        }
        """;
}
