using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strata.Testing.Kubernetes;

/// <summary>
/// JSON merge patches (RFC 7386) of a stored object, and of a Deployment's <c>scale</c> subresource, as
/// <c>kubectl patch --type merge</c> and <c>kubectl scale</c> send them.
/// </summary>
public sealed partial class ApiStandIn
{
    private async Task MergePatchAsync(HttpContext context)
    {
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var scale = parts.Length > 0 && parts[^1] == "scale";
        var target = Target.Parse("/" + string.Join('/', scale ? parts[..^1] : parts));
        if (target?.Name is null || target.Namespace is null)
        {
            await WriteAsync(context, 404, Status(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})"));
            return;
        }

        var patch = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted))!.AsObject();
        JsonObject? patched = null;
        store.Update(target.Key, item =>
        {
            var before = item["spec"]?.DeepClone();
            MergeInto(item, scale ? new JsonObject { ["spec"] = new JsonObject { ["replicas"] = patch["spec"]?["replicas"]?.DeepClone() } } : patch);
            if (!JsonNode.DeepEquals(before, item["spec"]))
            {
                item["metadata"]!["generation"] = (item["metadata"]!["generation"]?.GetValue<long>() ?? 0) + 1;
            }

            patched = item.DeepClone().AsObject();
            return true;
        });
        if (patched is null)
        {
            await WriteAsync(context, 404, NotFound(target));
            return;
        }

        await WriteAsync(context, 200, scale
            ? new JsonObject
            {
                ["apiVersion"] = "autoscaling/v1", ["kind"] = "Scale",
                ["metadata"] = new JsonObject { ["name"] = target.Name, ["namespace"] = target.Namespace },
                ["spec"] = new JsonObject { ["replicas"] = patched["spec"]?["replicas"]?.DeepClone() },
                ["status"] = new JsonObject { ["replicas"] = patched["status"]?["replicas"]?.DeepClone() ?? 0 },
            }
            : patched);
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                MergeInto(existing, inner);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
