using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strata.Testing.Kubernetes;

/// <summary>Server-side apply: checks, the merge into the stored object, generation and managedFields.</summary>
public sealed partial class ApiStandIn
{
    private async Task ApplyAsync(HttpContext context, Target target)
    {
        var request = context.Request;
        if (target.Name is null)
        {
            await WriteAsync(context, 405, Status(405, "MethodNotAllowed", "PATCH needs an object name"));
            return;
        }

        if (request.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) != true)
        {
            await WriteAsync(context, 415, Status(415, "UnsupportedMediaType", $"the stand-in only takes server-side apply, not {request.ContentType}"));
            return;
        }

        var manager = request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            await WriteAsync(context, 400, Status(400, "BadRequest", "PATCH /" + target.Plural + ": fieldManager is required for apply requests"));
            return;
        }

        if (target.Namespace is not null && failures.TryGetValue((target.Plural, target.Namespace, target.Name), out var failure))
        {
            await WriteAsync(context, failure.Code, failure.Status);
            return;
        }

        JsonObject applied;
        try
        {
            applied = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted))!.AsObject();
        }
        catch (JsonException error)
        {
            await WriteAsync(context, 400, Status(400, "BadRequest", "the stand-in reads JSON apply bodies only: " + error.Message));
            return;
        }

        var metadata = applied["metadata"] as JsonObject;
        if (metadata?["name"]?.GetValue<string>() != target.Name || applied["kind"] is null || applied["apiVersion"] is null)
        {
            await WriteAsync(context, 400, Status(400, "BadRequest", "the body's kind, apiVersion and metadata.name must match the request"));
            return;
        }

        if (target.Namespace is not null && store.Get(new StoredKey("", "namespaces", null, target.Namespace)) is null)
        {
            await WriteAsync(context, 404, Status(404, "NotFound", $"namespaces \"{target.Namespace}\" not found",
                new JsonObject { ["name"] = target.Namespace, ["kind"] = "namespaces" }));
            return;
        }

        kinds[target.Plural] = applied["kind"]!.GetValue<string>();
        var existing = store.Get(target.Key);
        if (existing is not null && target.Plural == "jobs" && !JsonNode.DeepEquals(existing["spec"]?["template"], applied["spec"]?["template"]))
        {
            await WriteAsync(context, 422, InvalidStatus("Job", "batch", target.Name, "spec.template", "FieldValueInvalid", "field is immutable"));
            return;
        }

        var merged = Merge(existing, applied, manager, target);
        var stored = store.Put(target.Key, merged);
        Simulate(target, stored);
        await WriteAsync(context, existing is null ? 201 : 200, stored);
    }

    private static JsonObject Merge(JsonObject? existing, JsonObject applied, string manager, Target target)
    {
        var result = existing ?? new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (key is "metadata" or "status")
            {
                continue;
            }

            result[key] = value?.DeepClone();
        }

        var metadata = result["metadata"] as JsonObject ?? new JsonObject();
        result["metadata"] = metadata;
        foreach (var (key, value) in applied["metadata"]!.AsObject())
        {
            metadata[key] = value?.DeepClone();
        }

        metadata["namespace"] = target.Namespace;
        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["creationTimestamp"] ??= Now();
        var generation = metadata["generation"]?.GetValue<long>() ?? 0;
        if (existing is null || !JsonNode.DeepEquals(existing["spec"], applied["spec"]) || generation == 0)
        {
            generation++;
        }

        metadata["generation"] = generation;
        var fields = metadata["managedFields"] as JsonArray ?? [];
        foreach (var entry in fields.Where(f => f?["manager"]?.GetValue<string>() == manager).ToList())
        {
            fields.Remove(entry);
        }

        fields.Add(new JsonObject
        {
            ["manager"] = manager, ["operation"] = "Apply", ["apiVersion"] = applied["apiVersion"]!.GetValue<string>(),
            ["time"] = Now(), ["fieldsType"] = "FieldsV1", ["fieldsV1"] = new JsonObject(),
        });
        metadata["managedFields"] = fields;
        return result;
    }
}
