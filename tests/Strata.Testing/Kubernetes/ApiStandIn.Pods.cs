using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strata.Testing.Kubernetes;

/// <summary>Pods put by a test (as a kubelet would run them) and their logs, served at <c>pods/{name}/log</c>.</summary>
public sealed partial class ApiStandIn
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod), string[]> podLogs = new();

    /// <summary>Puts a running pod with <paramref name="labels"/> whose container wrote <paramref name="lines"/>.</summary>
    public JsonObject SeedPod(string @namespace, string name, JsonObject labels, bool ready, params string[] lines)
    {
        podLogs[(@namespace, name)] = lines;
        return store.Put(new StoredKey("", "pods", @namespace, name), new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = @namespace, ["labels"] = labels.DeepClone(), ["creationTimestamp"] = Now(),
                ["uid"] = Guid.NewGuid().ToString(), ["resourceVersion"] = "1",
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = "10.244.0.7",
                ["startTime"] = Now(),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["ready"] = ready, ["restartCount"] = 1, ["image"] = "x", ["imageID"] = "x" }),
            },
        });
    }

    private static (string Namespace, string Pod)? PodLogPath(string path) =>
        path.Trim('/').Split('/') is ["api", "v1", "namespaces", var ns, "pods", var pod, "log"] ? (ns, pod) : null;

    // The kubelet's answer: the container's lines, the last tailLines of them, each prefixed with an
    // RFC 3339 timestamp and a space when timestamps=true. A follow ends with the lines there are.
    private async Task WriteLogAsync(HttpContext context, string @namespace, string pod)
    {
        if (!podLogs.TryGetValue((@namespace, pod), out var lines))
        {
            await WriteAsync(context, 404, Status(404, "NotFound", $"pods \"{pod}\" not found", new JsonObject { ["name"] = pod, ["kind"] = "pods" }));
            return;
        }

        var query = context.Request.Query;
        if (int.TryParse(query["tailLines"], CultureInfo.InvariantCulture, out var tail) && tail < lines.Length)
        {
            lines = lines[^tail..];
        }

        var stamp = query["timestamps"] == "true";
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        for (var i = 0; i < lines.Length; i++)
        {
            var prefix = stamp ? start.AddMilliseconds(i).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + " " : "";
            await context.Response.WriteAsync(prefix + lines[i] + "\n", context.RequestAborted);
        }
    }
}
