using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server.Auth;
using Strata.Verticals.MobileBackend.Server.Storage;

namespace Strata.Verticals.MobileBackend.Server;

/// <summary>
/// <c>/collections/{collection}</c>: create (POST), list with filter/sort/paging (GET), and per document
/// get, replace (PUT), merge (PATCH) and delete. Every verb checks the collection's rules; every
/// document written is checked against its fields, all problems answered at once with their paths.
/// </summary>
internal static class CollectionEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{collection}", ListAsync);
        app.MapPost("/collections/{collection}", CreateAsync);
        app.MapGet("/collections/{collection}/{id}", GetAsync);
        app.MapPut("/collections/{collection}/{id}", (HttpContext context, string collection, string id) => WriteAsync(context, collection, id, merge: false));
        app.MapPatch("/collections/{collection}/{id}", (HttpContext context, string collection, string id) => WriteAsync(context, collection, id, merge: true));
        app.MapDelete("/collections/{collection}/{id}", DeleteAsync);
    }

    /// <summary>The collection and the caller, or the problem that stops the request.</summary>
    public static async Task<(CollectionSchema? Collection, Caller? Caller, IResult? Problem)> BeginAsync(HttpContext context, string name)
    {
        var schema = context.RequestServices.GetRequiredService<AppSchema>();
        if (schema.Collection(name) is not { } collection)
        {
            return (null, null, Problems.NotFound($"No collection '{name}'; the app has {string.Join(", ", schema.Collections.Select(c => c.Name))}."));
        }

        var (caller, problem) = await CallerResolver.ResolveAsync(context).ConfigureAwait(false);
        return (collection, caller, problem);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string collection)
    {
        var (schema, caller, problem) = await BeginAsync(context, collection).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (AccessCheck.Collection(schema!.Access.Read, caller!, "read", collection) is { } denied)
        {
            return denied;
        }

        var owner = AccessCheck.AdmitsAll(schema.Access.Read, caller!) ? null : caller!.UserId;
        var (query, errors) = QueryParser.Parse(schema, context.Request.Query, owner);
        if (query is null)
        {
            return Problems.Invalid("The query is invalid.", errors);
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var page = await store.QueryAsync(schema, query, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. page.Items.Select(d => (JsonNode)d.ToJson())]),
            ["total"] = page.Total,
            ["limit"] = query.Limit,
            ["offset"] = query.Offset,
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string collection)
    {
        var (schema, caller, problem) = await BeginAsync(context, collection).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (AccessCheck.Collection(schema!.Access.Write, caller!, "create documents", collection) is { } denied)
        {
            return denied;
        }

        var (body, bodyProblem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var data = Fields(schema, body!, defaults: true);
        if (Check(schema, data) is { } invalid)
        {
            return invalid;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var document = await store.InsertAsync(collection, caller!.UserId, data, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(document.ToJson(), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string collection, string id)
    {
        var (schema, caller, problem) = await BeginAsync(context, collection).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (AccessCheck.Collection(schema!.Access.Read, caller!, "read", collection) is { } denied)
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var document = await store.GetAsync(collection, id, context.RequestAborted).ConfigureAwait(false);
        if (document is null)
        {
            return Problems.NotFound($"No document '{id}' in '{collection}'.");
        }

        return AccessCheck.Document(schema.Access.Read, caller!, "read", collection, id, document.Owner) ?? Results.Json(document.ToJson());
    }

    private static async Task<IResult> WriteAsync(HttpContext context, string collection, string id, bool merge)
    {
        var (schema, caller, problem) = await BeginAsync(context, collection).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (AccessCheck.Collection(schema!.Access.Write, caller!, "change documents", collection) is { } denied)
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var existing = await store.GetAsync(collection, id, context.RequestAborted).ConfigureAwait(false);
        if (existing is null)
        {
            return Problems.NotFound($"No document '{id}' in '{collection}'.");
        }

        if (AccessCheck.Document(schema.Access.Write, caller!, "change", collection, id, existing.Owner) is { } notYours)
        {
            return notYours;
        }

        var (body, bodyProblem) = await JsonBody.ReadObjectAsync(context).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var data = merge ? Merge(existing.Data, Fields(schema, body!, defaults: false)) : Fields(schema, body!, defaults: true);
        if (Check(schema, data) is { } invalid)
        {
            return invalid;
        }

        // The version read above guards the write: a change in between is a conflict, never lost.
        var expected = body!["version"] is JsonValue v && v.TryGetValue<long>(out var asked) ? asked : existing.Version;
        var updated = await store.ReplaceAsync(collection, id, data, expected, context.RequestAborted).ConfigureAwait(false);
        return updated is null
            ? Problems.Conflict($"Document '{id}' changed since version {expected}; read it again and retry.")
            : Results.Json(updated.ToJson());
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string collection, string id)
    {
        var (schema, caller, problem) = await BeginAsync(context, collection).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (AccessCheck.Collection(schema!.Access.Write, caller!, "delete documents", collection) is { } denied)
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var existing = await store.GetAsync(collection, id, context.RequestAborted).ConfigureAwait(false);
        if (existing is null)
        {
            return Problems.NotFound($"No document '{id}' in '{collection}'.");
        }

        if (AccessCheck.Document(schema.Access.Write, caller!, "delete", collection, id, existing.Owner) is { } notYours)
        {
            return notYours;
        }

        return await store.DeleteAsync(collection, id, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : Problems.NotFound($"No document '{id}' in '{collection}'.");
    }

    /// <summary>The body without the fields every document has (the server sets those), with defaults for missing fields.</summary>
    private static JsonObject Fields(CollectionSchema collection, JsonObject body, bool defaults)
    {
        var data = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (!SchemaReader.ReservedFields.Contains(key))
            {
                data[key] = value?.DeepClone();
            }
        }

        if (defaults)
        {
            foreach (var field in collection.Fields.Where(f => f.Default is not null && (!data.ContainsKey(f.Name) || data[f.Name] is null)))
            {
                data[field.Name] = JsonNode.Parse(field.Default!.Value.GetRawText());
            }
        }

        return data;
    }

    private static JsonObject Merge(JsonObject existing, JsonObject patch)
    {
        var merged = existing.DeepClone().AsObject();
        foreach (var (key, value) in patch)
        {
            // JSON merge patch (RFC 7396) at the top level: null removes a field.
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged;
    }

    private static IResult? Check(CollectionSchema collection, JsonObject data)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        var errors = DocumentValidator.Check(collection, document.RootElement);
        return errors.Count == 0 ? null : Problems.Invalid($"The document does not fit collection '{collection.Name}'.", errors);
    }
}
