using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Kubernetes.Tests.Support;

/// <summary>
/// What the API stand-in lacks for reading claims, in front of it on 127.0.0.1 (real Kestrel, real WebSockets):
/// a kubelet that runs the pods applied through it (phase Running, claims mounted as local folders) and
/// <c>pods/{name}/exec</c> over the WebSocket channel protocol v4, which runs the command as a real local
/// process — the mount path in its arguments replaced by the claim's folder — and streams standard output on
/// channel 1, standard error on 2 and the v1 Status on 3. Every other request is passed to the stand-in as it came.
/// </summary>
internal sealed class ExecFront : IAsyncDisposable
{
    public const string Protocol = "v4.channel.k8s.io";

    private readonly ApiStandIn _standIn;
    private readonly HttpClient _forward = new();
    private readonly ConcurrentDictionary<(string Namespace, string Claim), string> _claims = new();
    private readonly ConcurrentQueue<string> _execs = new();
    private WebApplication? _app;

    private ExecFront(ApiStandIn standIn) => _standIn = standIn;

    public string Url { get; private set; } = "";

    /// <summary>The commands exec ran, as <c>pod: arg arg …</c> with the pod's paths.</summary>
    public IReadOnlyList<string> Execs => [.. _execs];

    /// <summary>Whether applied pods start running (false: they stay Pending, their image not pulled).</summary>
    public bool StartPods { get; set; } = true;

    /// <summary>The local program run for a command's first word, when it is not the word itself (e.g. <c>tar</c> → <c>false</c>).</summary>
    public ConcurrentDictionary<string, string> Programs { get; } = new();

    /// <summary>When set, exec is refused with this HTTP status before the WebSocket upgrade (RBAC, a gone container).</summary>
    public int? RefuseExec { get; set; }

    public static async Task<ExecFront> StartAsync(ApiStandIn standIn)
    {
        var front = new ExecFront(standIn);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(front.HandleAsync);
        await app.StartAsync();
        front._app = app;
        front.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return front;
    }

    /// <summary>The claim <paramref name="claim"/> of <paramref name="namespace"/> is the local <paramref name="folder"/> in every pod that mounts it.</summary>
    public void MountClaim(string @namespace, string claim, string folder) => _claims[(@namespace, claim)] = folder;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (parts is ["api", "v1", "namespaces", var ns, "pods", var pod, "exec"])
        {
            await ExecAsync(context, ns, pod);
            return;
        }

        await ForwardAsync(context);
        if (context.Request.Method == "PATCH" && context.Response.StatusCode is >= 200 and < 300 && parts is ["api", "v1", "namespaces", var podNamespace, "pods", var name])
        {
            Kubelet(podNamespace, name);
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), _standIn.Url + request.Path + request.QueryString);
        if (request.ContentLength > 0 || request.Method is "PATCH" or "POST" or "PUT" or "DELETE")
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            body.Position = 0;
            message.Content = new StreamContent(body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await _forward.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    // What the kubelet reports for a pod it was given: Running, or Pending with its image not pulled.
    private void Kubelet(string @namespace, string name)
    {
        if (_standIn.Get("", "pods", @namespace, name) is not { } pod || pod["status"]?["phase"] is not null)
        {
            return;
        }

        var container = pod["spec"]?["containers"]?[0]?["name"]?.GetValue<string>() ?? "c";
        pod["status"] = StartPods
            ? new JsonObject
            {
                ["phase"] = "Running",
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = container, ["ready"] = true, ["restartCount"] = 0, ["image"] = "x", ["imageID"] = "x", ["state"] = new JsonObject { ["running"] = new JsonObject() } }),
            }
            : new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = container, ["ready"] = false, ["restartCount"] = 0, ["image"] = "x", ["imageID"] = "",
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = "Back-off pulling image" } },
                }),
            };
        _standIn.Seed("", "pods", pod);
    }

    private async Task ExecAsync(HttpContext context, string @namespace, string name)
    {
        if (RefuseExec is { } code)
        {
            context.Response.StatusCode = code;
            await context.Response.WriteAsync($"{{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":{code},\"message\":\"exec refused by the test\"}}");
            return;
        }

        var pod = _standIn.Get("", "pods", @namespace, name);
        if (!context.WebSockets.IsWebSocketRequest || pod is null || pod["status"]?["phase"]?.GetValue<string>() != "Running"
            || !context.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            context.Response.StatusCode = pod is null ? 404 : 400;
            await context.Response.WriteAsync(pod is null ? $"pods \"{name}\" not found" : "not a v4 exec WebSocket of a running pod");
            return;
        }

        var command = context.Request.Query["command"].Select(c => c!).ToList();
        _execs.Enqueue($"{name}: {string.Join(' ', command)}");
        var mounts = Mounts(pod, @namespace, context.Request.Query["container"].ToString());
        var start = new ProcessStartInfo(Programs.TryGetValue(command[0], out var program) ? program : command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(mounts.Aggregate(argument, (a, m) => a == m.Path || a.StartsWith(m.Path + "/", StringComparison.Ordinal) ? m.Folder + a[m.Path.Length..] : a));
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = Protocol });
        using var send = new SemaphoreSlim(1, 1);
        using var process = Process.Start(start)!;
        await Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, 1, socket, send),
            PumpAsync(process.StandardError.BaseStream, 2, socket, send));
        await process.WaitForExitAsync();
        var status = process.ExitCode == 0
            ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
            : new JsonObject
            {
                ["metadata"] = new JsonObject(), ["status"] = "Failure", ["reason"] = "NonZeroExitCode",
                ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {process.ExitCode}",
                ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }) },
            };
        await SendAsync(socket, send, 3, Encoding.UTF8.GetBytes(status.ToJsonString()));
        // As the API server does: close and go; the client need not answer for the exec to be over.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    // The container's mounts whose claims the test mounted: (mount path, local folder).
    private List<(string Path, string Folder)> Mounts(JsonObject pod, string @namespace, string container)
    {
        var claims = (pod["spec"]?["volumes"]?.AsArray() ?? [])
            .Where(v => v?["persistentVolumeClaim"] is not null)
            .ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        var spec = (pod["spec"]?["containers"]?.AsArray() ?? []).FirstOrDefault(c => container.Length == 0 || c?["name"]?.GetValue<string>() == container);
        return [.. (spec?["volumeMounts"]?.AsArray() ?? [])
            .Select(m => (Path: m!["mountPath"]!.GetValue<string>(), Volume: m["name"]!.GetValue<string>()))
            .Where(m => claims.ContainsKey(m.Volume) && _claims.ContainsKey((@namespace, claims[m.Volume])))
            .Select(m => (m.Path, _claims[(@namespace, claims[m.Volume])]))];
    }

    private static async Task PumpAsync(Stream from, byte channel, WebSocket socket, SemaphoreSlim send)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            await SendAsync(socket, send, channel, buffer.AsSpan(0, read).ToArray());
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim send, byte channel, byte[] data)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame, 1);
        await send.WaitAsync();
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            send.Release();
        }
    }
}
