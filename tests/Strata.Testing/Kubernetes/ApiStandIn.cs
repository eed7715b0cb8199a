using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strata.Testing.Kubernetes;

/// <summary>
/// A Kubernetes API server stand-in on 127.0.0.1 (real Kestrel, real HTTP) with objects in memory:
/// GET, LIST (label and field selectors), server-side apply PATCH (merge, generation and
/// resourceVersion, managedFields), DELETE, and watches (newline-delimited JSON events). A small
/// "controller" moves Deployments and Jobs along as the knobs say, and answers can be made to fail
/// with the Status bodies a real API server sends.
/// </summary>
public sealed partial class ApiStandIn : IAsyncDisposable
{
    private readonly ApiStandInStore store = new();
    private readonly ConcurrentDictionary<string, DeploymentBehaviour> deployments = new();
    private readonly ConcurrentDictionary<string, JobBehaviour> jobs = new();
    private readonly ConcurrentDictionary<(string Plural, string Namespace, string Name), (int Code, JsonObject Status)> failures = new();
    private readonly ConcurrentDictionary<(string Verb, string Plural), bool> forbidden = new();
    private readonly ConcurrentDictionary<string, string> kinds = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? app;
    private int expireNextWatch;

    public string Url { get; private set; } = "";

    /// <summary>Every request as <c>METHOD /path?query</c> (and <c>body: …</c> for DELETE), in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>Behaviour for Deployments without a knob: available after a short delay.</summary>
    public DeploymentBehaviour DefaultDeployment { get; set; } = DeploymentBehaviour.Available(TimeSpan.FromMilliseconds(200));

    /// <summary>Behaviour for Jobs without a knob: complete after a short delay.</summary>
    public JobBehaviour DefaultJob { get; set; } = JobBehaviour.Complete(TimeSpan.FromMilliseconds(200));

    public static async Task<ApiStandIn> StartAsync()
    {
        var standIn = new ApiStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        standIn.app = app;
        standIn.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return standIn;
    }

    /// <summary>A kubeconfig whose current context is the stand-in (the token is not checked).</summary>
    public string Kubeconfig(string name = "stand-in") => KubeconfigFor(Url, name);

    /// <summary>A kubeconfig whose current context is <paramref name="server"/>.</summary>
    public static string KubeconfigFor(string server, string name) => $"""
        apiVersion: v1
        kind: Config
        current-context: {name}
        clusters:
        - name: {name}
          cluster:
            server: {server}
        contexts:
        - name: {name}
          context:
            cluster: {name}
            user: {name}
        users:
        - name: {name}
          user:
            token: not-checked
        """;

    public void Deployment(string name, DeploymentBehaviour behaviour) => deployments[name] = behaviour;

    public void Job(string name, JobBehaviour behaviour) => jobs[name] = behaviour;

    /// <summary>Every PATCH of that object is answered with <paramref name="code"/> and <paramref name="status"/>.</summary>
    public void FailApply(string plural, string @namespace, string name, int code, JsonObject status) => failures[(plural, @namespace, name)] = (code, status);

    /// <summary>Every <paramref name="verb"/> (get, list, watch, patch, delete) on <paramref name="plural"/> is answered 403.</summary>
    public void Forbid(string verb, string plural) => forbidden[(verb, plural)] = true;

    /// <summary>The next watch from a resourceVersion gets 410 Expired, as when etcd compacted that version away.</summary>
    public void ExpireNextWatch() => Interlocked.Exchange(ref expireNextWatch, 1);

    /// <summary>Puts an object as someone else would (kubectl, another tool): no Strata involved.</summary>
    public JsonObject Seed(string group, string plural, JsonObject item)
    {
        var metadata = item["metadata"]!.AsObject();
        var key = new StoredKey(group, plural, metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["generation"] ??= 1;
        metadata["creationTimestamp"] ??= Now();
        metadata["managedFields"] ??= new JsonArray(new JsonObject { ["manager"] = "kubectl-client-side-apply", ["operation"] = "Update" });
        return store.Put(key, item);
    }

    /// <summary>Deletes an object as someone else would (kubectl delete).</summary>
    public JsonObject? Delete(string group, string plural, string? @namespace, string name) => store.Delete(new StoredKey(group, plural, @namespace, name));

    public JsonObject? Get(string group, string plural, string? @namespace, string name) => store.Get(new StoredKey(group, plural, @namespace, name));

    public List<JsonObject> List(string group, string plural, string? @namespace) => store.List(group, plural, @namespace, _ => true).Items;

    /// <summary>A 409 as the API sends for a server-side apply conflict.</summary>
    public static JsonObject ConflictStatus(string field, string manager) => Status(409, "Conflict",
        $"Apply failed with 1 conflict: conflict with \"{manager}\" using apps/v1: .{field}",
        new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with \"{manager}\" using apps/v1", ["field"] = "." + field }) });

    /// <summary>A 422 as the API sends for an invalid object.</summary>
    public static JsonObject InvalidStatus(string kind, string group, string name, string field, string reason, string message) => Status(422, "Invalid",
        $"{kind}.{group} \"{name}\" is invalid: {field}: {message}",
        new JsonObject
        {
            ["name"] = name, ["group"] = group, ["kind"] = kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = reason, ["message"] = message, ["field"] = field }),
        });

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (PodLogPath(request.Path.Value ?? "") is { } podLog)
        {
            await WriteLogAsync(context, podLog.Namespace, podLog.Pod);
            return;
        }

        if (request.Method == "PATCH" && request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) == true)
        {
            await MergePatchAsync(context);
            return;
        }

        var target = Target.Parse(request.Path.Value ?? "");
        if (target is null)
        {
            await WriteAsync(context, 404, Status(404, "NotFound", $"the server could not find the requested resource ({request.Path})"));
            return;
        }

        var watch = request.Query["watch"] == "true" || request.Query["watch"] == "1";
        var verb = request.Method switch
        {
            "GET" when target.Name is not null => "get",
            "GET" when watch => "watch",
            "GET" => "list",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        if (forbidden.ContainsKey((verb, target.Plural)))
        {
            var resource = target.Group.Length == 0 ? target.Plural : $"{target.Plural}.{target.Group}";
            await WriteAsync(context, 403, Status(403, "Forbidden",
                $"{resource} \"{target.Name}\" is forbidden: User \"system:serviceaccount:strata:strata\" cannot {verb} resource \"{target.Plural}\" in API group \"{target.Group}\"" +
                (target.Namespace is null ? " at the cluster scope" : $" in the namespace \"{target.Namespace}\""),
                new JsonObject { ["name"] = target.Name, ["group"] = target.Group, ["kind"] = target.Plural }));
            return;
        }

        switch (verb)
        {
            case "get":
                var found = store.Get(target.Key);
                await (found is null ? WriteAsync(context, 404, NotFound(target)) : WriteAsync(context, 200, found));
                return;
            case "list":
                var (items, version) = store.List(target.Group, target.Plural, target.Namespace, Filter(request));
                await WriteAsync(context, 200, new JsonObject
                {
                    ["apiVersion"] = target.ApiVersion,
                    ["kind"] = (kinds.TryGetValue(target.Plural, out var kind) ? kind : "") + "List",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
                    ["items"] = new JsonArray([.. items]),
                });
                return;
            case "watch":
                await WatchAsync(context, target);
                return;
            case "patch":
                await ApplyAsync(context, target);
                return;
            case "delete":
                var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
                requests.Enqueue($"DELETE {request.Path} body: {body}");
                var removed = store.Delete(target.Key);
                await (removed is null ? WriteAsync(context, 404, NotFound(target)) : WriteAsync(context, 200, removed));
                return;
            default:
                await WriteAsync(context, 405, Status(405, "MethodNotAllowed", $"the stand-in does not serve {request.Method}"));
                return;
        }
    }

    private static Func<JsonObject, bool> Filter(HttpRequest request)
    {
        var labels = ApiStandInSelectors.Labels(request.Query["labelSelector"]);
        var fields = ApiStandInSelectors.Fields(request.Query["fieldSelector"]);
        return item => labels(item) && fields(item);
    }

    private async Task WatchAsync(HttpContext context, Target target)
    {
        var request = context.Request;
        long? from = long.TryParse(request.Query["resourceVersion"], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
        var seconds = int.TryParse(request.Query["timeoutSeconds"], CultureInfo.InvariantCulture, out var s) ? s : 300;
        if (from is not null && Interlocked.Exchange(ref expireNextWatch, 0) == 1)
        {
            var expired = new JsonObject { ["type"] = "ERROR", ["object"] = Status(410, "Expired", $"too old resource version: {from} ({store.Version})") };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(expired.ToJsonString() + "\n", context.RequestAborted);
            return;
        }

        using var watch = store.Open(target.Group, target.Plural, target.Namespace, Filter(request), from);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        window.CancelAfter(TimeSpan.FromSeconds(seconds));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(window.Token);
        try
        {
            await foreach (var change in watch.Events.ReadAllAsync(window.Token))
            {
                await context.Response.WriteAsync(change.ToJsonString() + "\n", window.Token);
                await context.Response.Body.FlushAsync(window.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's time is up, the client left or the stand-in stops: the stream ends.
        }
    }

    private static JsonObject NotFound(Target target) => Status(404, "NotFound",
        $"{(target.Group.Length == 0 ? target.Plural : $"{target.Plural}.{target.Group}")} \"{target.Name}\" not found",
        new JsonObject { ["name"] = target.Name, ["group"] = target.Group, ["kind"] = target.Plural });

    private static JsonObject Status(int code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
        ["message"] = message, ["reason"] = reason, ["details"] = details, ["code"] = code,
    };

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    /// <summary>What a request path names: <c>/api/v1/namespaces/ns/configmaps/x</c>, <c>/apis/apps/v1/namespaces/ns/deployments</c>, <c>/api/v1/namespaces/x</c>.</summary>
    private sealed record Target(string Group, string Version, string? Namespace, string Plural, string? Name)
    {
        public StoredKey Key => new(Group, Plural, Namespace, Name!);

        public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

        public static Target? Parse(string path)
        {
            var parts = path.Trim('/').Split('/');
            string group, version;
            string[] rest;
            if (parts.Length >= 2 && parts[0] == "api")
            {
                (group, version, rest) = ("", parts[1], parts[2..]);
            }
            else if (parts.Length >= 3 && parts[0] == "apis")
            {
                (group, version, rest) = (parts[1], parts[2], parts[3..]);
            }
            else
            {
                return null;
            }

            return rest switch
            {
                [var plural] => new Target(group, version, null, plural, null),
                [var plural, var name] => new Target(group, version, null, plural, name),
                ["namespaces", var ns, var plural] => new Target(group, version, ns, plural, null),
                ["namespaces", var ns, var plural, var name] => new Target(group, version, ns, plural, name),
                _ => null,
            };
        }
    }
}
