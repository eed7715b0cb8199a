using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// Reads a mobile app's <c>spec:</c> into an <see cref="AppSchema"/>, reporting every problem with its
/// path below <c>spec</c> (<c>collections.todos.fields.title.type</c>). The vertical validates
/// <c>strata.yaml</c> with it and the server reads its <c>mobile.json</c> (the same spec) with it.
/// </summary>
internal static partial class SchemaReader
{
    /// <summary>Fields every document has; a collection may not declare them.</summary>
    public static IReadOnlyList<string> ReservedFields { get; } = ["id", "owner", "version", "createdAt", "updatedAt"];

    private static readonly string[] SpecKeys = ["collections", "files", "roles", "push", "database"];
    private static readonly string[] CollectionKeys = ["fields", "indexes", "access"];
    private static readonly string[] FieldKeys = ["type", "required", "default", "maxLength", "min", "max"];

    /// <summary>Reads <paramref name="spec"/>; <paramref name="problem"/> gets (path, message) for each problem. The result is only meaningful when there were none.</summary>
    public static AppSchema Read(JsonElement spec, Action<string, string> problem)
    {
        if (spec.ValueKind != JsonValueKind.Object)
        {
            problem("", "is required: a mapping with 'collections' (each with 'fields').");
            return new AppSchema();
        }

        Unknown(spec, SpecKeys, "", problem);
        var collections = new List<CollectionSchema>();
        if (!spec.TryGetProperty("collections", out var declared) || declared.ValueKind != JsonValueKind.Object || !declared.EnumerateObject().Any())
        {
            problem("collections", "is required: a mapping of collection name to its fields, e.g. collections: { todos: { fields: { title: string } } }.");
        }
        else
        {
            foreach (var collection in declared.EnumerateObject())
            {
                collections.Add(ReadCollection(collection.Name, collection.Value, "collections." + collection.Name, problem));
            }
        }

        var roles = ReadRoles(spec, problem);
        return new AppSchema
        {
            Collections = collections,
            Files = ReadFiles(spec, problem),
            Roles = roles,
            PushSenders = ReadPush(spec, problem, out var webhook),
            PushWebhook = webhook,
            Database = ReadDatabase(spec, problem),
        };
    }

    /// <summary>Reads a spec that must be valid (the server's <c>mobile.json</c>); throws listing every problem otherwise.</summary>
    public static AppSchema ReadValid(JsonElement spec)
    {
        var problems = new List<string>();
        var schema = Read(spec, (path, message) => problems.Add($"spec{(path.Length > 0 ? "." + path : "")}: {message}"));
        return problems.Count == 0 ? schema : throw new InvalidDataException("The app's schema is invalid:\n" + string.Join("\n", problems));
    }

    private static CollectionSchema ReadCollection(string name, JsonElement value, string path, Action<string, string> problem)
    {
        if (!Identifier().IsMatch(name))
        {
            problem(path, "the collection name must start with a lower-case letter and hold only lower-case letters, digits, '-' and '_' (at most 40), as it is a path segment of the API.");
        }

        var fields = new List<FieldSchema>();
        var indexes = new List<IndexSchema>();
        var access = AccessPolicy.OwnerOnly;
        if (value.ValueKind != JsonValueKind.Object)
        {
            problem(path, "must be a mapping with 'fields' (and optionally 'indexes' and 'access').");
            return new CollectionSchema(name, fields, indexes, access);
        }

        Unknown(value, CollectionKeys, path, problem);
        if (!value.TryGetProperty("fields", out var declared) || declared.ValueKind != JsonValueKind.Object || !declared.EnumerateObject().Any())
        {
            problem(path + ".fields", "is required: a mapping of field name to its type (string, int, number, bool, datetime, json, or one of them with [] for a list) or to { type, required, default, maxLength, min, max }.");
        }
        else
        {
            foreach (var field in declared.EnumerateObject())
            {
                if (ReadField(field.Name, field.Value, $"{path}.fields.{field.Name}", problem) is { } read)
                {
                    fields.Add(read);
                }
            }
        }

        if (value.TryGetProperty("indexes", out var declaredIndexes))
        {
            indexes = ReadIndexes(declaredIndexes, fields, path + ".indexes", problem);
        }

        if (value.TryGetProperty("access", out var declaredAccess))
        {
            access = ReadAccess(declaredAccess, path + ".access", problem);
        }

        return new CollectionSchema(name, fields, indexes, access);
    }

    private static FieldSchema? ReadField(string name, JsonElement value, string path, Action<string, string> problem)
    {
        if (!FieldName().IsMatch(name))
        {
            problem(path, "the field name must be a letter followed by letters, digits or '_' (at most 64).");
        }
        else if (ReservedFields.Contains(name))
        {
            problem(path, $"'{name}' is a field every document has ({string.Join(", ", ReservedFields)}); choose another name.");
        }

        var declaration = value;
        if (value.ValueKind == JsonValueKind.Object)
        {
            Unknown(value, FieldKeys, path, problem);
            if (!value.TryGetProperty("type", out declaration))
            {
                problem(path + ".type", "is required: string, int, number, bool, datetime or json, with [] for a list.");
                return null;
            }

            path += ".type";
        }

        var typeKnown = declaration.ValueKind == JsonValueKind.String && FieldTypes.TryParse(declaration.GetString()!, out _, out _);
        if (!typeKnown)
        {
            problem(path, $"must be one of {string.Join(", ", FieldTypes.Names)} (or one of them with [] for a list), not {declaration.GetRawText()}.");
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("required", out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problem(path[..^".type".Length] + ".required", $"must be true or false, not {flag.GetRawText()}.");
            }

            return null;
        }

        FieldTypes.TryParse(declaration.GetString()!, out var type, out var isList);
        var field = new FieldSchema(name, type, isList);
        if (value.ValueKind != JsonValueKind.Object)
        {
            return field;
        }

        var fieldPath = path[..^".type".Length];
        if (value.TryGetProperty("required", out var required))
        {
            if (required.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problem(fieldPath + ".required", $"must be true or false, not {required.GetRawText()}.");
            }
            else
            {
                field = field with { Required = required.GetBoolean() };
            }
        }

        if (value.TryGetProperty("maxLength", out var maxLength))
        {
            if (type != FieldType.String || isList)
            {
                problem(fieldPath + ".maxLength", "applies to string fields only.");
            }
            else if (maxLength.ValueKind != JsonValueKind.Number || !maxLength.TryGetInt32(out var length) || length < 1)
            {
                problem(fieldPath + ".maxLength", $"must be a whole number of at least 1, not {maxLength.GetRawText()}.");
            }
            else
            {
                field = field with { MaxLength = length };
            }
        }

        field = ReadBound(value, "min", field, fieldPath, problem, (f, v) => f with { Min = v });
        field = ReadBound(value, "max", field, fieldPath, problem, (f, v) => f with { Max = v });
        if (value.TryGetProperty("default", out var defaultValue))
        {
            var errors = new List<(string Path, string Message)>();
            DocumentValidator.CheckValue(field, defaultValue, fieldPath + ".default", errors);
            foreach (var (errorPath, message) in errors)
            {
                problem(errorPath, message);
            }

            field = field with { Default = defaultValue.Clone() };
        }

        return field;
    }

    private static FieldSchema ReadBound(JsonElement value, string key, FieldSchema field, string path, Action<string, string> problem, Func<FieldSchema, double, FieldSchema> with)
    {
        if (!value.TryGetProperty(key, out var bound))
        {
            return field;
        }

        if (field.Type is not (FieldType.Int or FieldType.Number) || field.IsList)
        {
            problem($"{path}.{key}", "applies to int and number fields only.");
            return field;
        }

        if (bound.ValueKind != JsonValueKind.Number)
        {
            problem($"{path}.{key}", $"must be a number, not {bound.GetRawText()}.");
            return field;
        }

        return with(field, bound.GetDouble());
    }

    private static List<IndexSchema> ReadIndexes(JsonElement value, List<FieldSchema> fields, string path, Action<string, string> problem)
    {
        var indexes = new List<IndexSchema>();
        if (value.ValueKind != JsonValueKind.Array)
        {
            problem(path, "must be a list of field names or of lists of field names, e.g. [done, [done, due]].");
            return indexes;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            var names = item.ValueKind == JsonValueKind.String ? [item] : item.ValueKind == JsonValueKind.Array ? item.EnumerateArray().ToList() : [];
            if (names.Count == 0)
            {
                problem(itemPath, $"must be a field name or a non-empty list of field names, not {item.GetRawText()}.");
                continue;
            }

            var list = new List<string>();
            for (var j = 0; j < names.Count; j++)
            {
                var namePath = item.ValueKind == JsonValueKind.Array ? $"{itemPath}[{j}]" : itemPath;
                var name = names[j].ValueKind == JsonValueKind.String ? names[j].GetString()! : null;
                if (name is null || (!fields.Any(f => f.Name == name) && !ReservedFields.Contains(name)))
                {
                    problem(namePath, $"names no field of the collection ({string.Join(", ", fields.Select(f => f.Name).Concat(ReservedFields))}): {names[j].GetRawText()}.");
                }
                else
                {
                    list.Add(name);
                }
            }

            if (list.Count == names.Count)
            {
                indexes.Add(new IndexSchema(list));
            }
        }

        return indexes;
    }

    private static AccessPolicy ReadAccess(JsonElement value, string path, Action<string, string> problem)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (AccessPolicy.Presets.TryGetValue(value.GetString()!, out var preset))
            {
                return preset;
            }

            problem(path, $"must be one of {string.Join(", ", AccessPolicy.Presets.Keys)} or a mapping {{ read: <rules>, write: <rules> }}, not {value.GetRawText()}.");
            return AccessPolicy.OwnerOnly;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem(path, "must be a preset (owner-only, public-read, authenticated) or a mapping { read: <rules>, write: <rules> }.");
            return AccessPolicy.OwnerOnly;
        }

        Unknown(value, ["read", "write"], path, problem);
        return new AccessPolicy(
            value.TryGetProperty("read", out var read) ? ReadRules(read, path + ".read", problem) : AccessPolicy.OwnerOnly.Read,
            value.TryGetProperty("write", out var write) ? ReadRules(write, path + ".write", problem) : AccessPolicy.OwnerOnly.Write);
    }

    private static List<AccessRule> ReadRules(JsonElement value, string path, Action<string, string> problem)
    {
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var rules = new List<AccessRule>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = value.ValueKind == JsonValueKind.Array ? $"{path}[{i}]" : path;
            if (items[i].ValueKind == JsonValueKind.String && AccessRule.Parse(items[i].GetString()!) is { } rule)
            {
                rules.Add(rule);
            }
            else
            {
                problem(itemPath, $"must be public, authenticated, owner or role:<name>, not {items[i].GetRawText()}.");
            }
        }

        if (items.Count == 0)
        {
            problem(path, "must name at least one rule: public, authenticated, owner or role:<name>.");
        }

        return rules;
    }

    private static FileRules ReadFiles(JsonElement spec, Action<string, string> problem)
    {
        if (!spec.TryGetProperty("files", out var value))
        {
            return FileRules.Default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem("files", "must be a mapping { maxBytes, types, read }.");
            return FileRules.Default;
        }

        Unknown(value, ["maxBytes", "types", "read"], "files", problem);
        var rules = FileRules.Default;
        if (value.TryGetProperty("maxBytes", out var max))
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt64(out var bytes) || bytes < 1 || bytes > 1L << 30)
            {
                problem("files.maxBytes", $"must be a whole number of bytes from 1 to 1073741824 (1 GiB), not {max.GetRawText()}.");
            }
            else
            {
                rules = rules with { MaxBytes = bytes };
            }
        }

        if (value.TryGetProperty("types", out var types))
        {
            var list = new List<string>();
            if (types.ValueKind != JsonValueKind.Array)
            {
                problem("files.types", "must be a list of content types, e.g. [image/png, image/*].");
            }
            else
            {
                var i = 0;
                foreach (var type in types.EnumerateArray())
                {
                    if (type.ValueKind != JsonValueKind.String || !MediaType().IsMatch(type.GetString()!))
                    {
                        problem($"files.types[{i}]", $"must be a content type such as image/png or image/*, not {type.GetRawText()}.");
                    }
                    else
                    {
                        list.Add(type.GetString()!.ToLowerInvariant());
                    }

                    i++;
                }
            }

            rules = rules with { Types = list };
        }

        if (value.TryGetProperty("read", out var read))
        {
            var rule = read.ValueKind == JsonValueKind.String ? AccessRule.Parse(read.GetString()!) : null;
            if (rule is null || rule.Kind == AccessKind.Role)
            {
                problem("files.read", $"must be owner, authenticated or public, not {read.GetRawText()}.");
            }
            else
            {
                rules = rules with { Read = rule };
            }
        }

        return rules;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadRoles(JsonElement spec, Action<string, string> problem)
    {
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!spec.TryGetProperty("roles", out var value))
        {
            return roles;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem("roles", "must be a mapping of role name to the e-mail addresses of its users, e.g. roles: { admin: [ada@example.com] }.");
            return roles;
        }

        foreach (var role in value.EnumerateObject())
        {
            if (role.Value.ValueKind != JsonValueKind.Array || role.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                problem("roles." + role.Name, "must be a list of e-mail addresses.");
                continue;
            }

            roles[role.Name] = [.. role.Value.EnumerateArray().Select(e => e.GetString()!)];
        }

        return roles;
    }

    private static AccessRule ReadPush(JsonElement spec, Action<string, string> problem, out string? webhook)
    {
        webhook = null;
        var senders = new AccessRule(AccessKind.Role, "admin");
        if (!spec.TryGetProperty("push", out var value))
        {
            return senders;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem("push", "must be a mapping { send: <rule>, webhook: <url> }.");
            return senders;
        }

        Unknown(value, ["send", "webhook"], "push", problem);
        if (value.TryGetProperty("send", out var send))
        {
            var rule = send.ValueKind == JsonValueKind.String ? AccessRule.Parse(send.GetString()!) : null;
            if (rule is null || rule.Kind == AccessKind.Owner)
            {
                problem("push.send", $"must be public, authenticated or role:<name>, not {send.GetRawText()}.");
            }
            else
            {
                senders = rule;
            }
        }

        if (value.TryGetProperty("webhook", out var hook))
        {
            if (hook.ValueKind != JsonValueKind.String || !Uri.TryCreate(hook.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                problem("push.webhook", $"must be an absolute http or https URL, not {hook.GetRawText()}.");
            }
            else
            {
                webhook = hook.GetString();
            }
        }

        return senders;
    }

    private static DatabaseSettings ReadDatabase(JsonElement spec, Action<string, string> problem)
    {
        if (!spec.TryGetProperty("database", out var value))
        {
            return DatabaseSettings.Default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem("database", "must be a mapping { provider: sqlite } or { provider: postgres, connectionString: <string> }.");
            return DatabaseSettings.Default;
        }

        Unknown(value, ["provider", "connectionString"], "database", problem);
        var provider = value.TryGetProperty("provider", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
        var connection = value.TryGetProperty("connectionString", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        switch (provider)
        {
            case DatabaseSettings.Sqlite:
                if (connection is not null)
                {
                    problem("database.connectionString", "applies to provider postgres only: SQLite lives in the app's data volume.");
                }

                return DatabaseSettings.Default;
            case DatabaseSettings.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                {
                    problem("database.connectionString", "is required for provider postgres: Host=…;Database=…;Username=…;Password=….");
                }

                return new DatabaseSettings(DatabaseSettings.Postgres, connection);
            default:
                problem("database.provider", $"must be sqlite or postgres, not {(provider is null ? "missing" : "'" + provider + "'")}.");
                return DatabaseSettings.Default;
        }
    }

    private static void Unknown(JsonElement value, IReadOnlyCollection<string> known, string path, Action<string, string> problem)
    {
        foreach (var property in value.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            problem(path.Length == 0 ? property.Name : $"{path}.{property.Name}", $"unknown key; expected one of {string.Join(", ", known)}.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,39}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.+-]*/(\*|[a-z0-9][a-z0-9.+-]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex MediaType();
}
