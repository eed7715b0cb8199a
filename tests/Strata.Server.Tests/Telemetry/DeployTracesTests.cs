using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Strata.Server.Tests.Gateway;
using Strata.Testing;

namespace Strata.Server.Tests.Telemetry;

/// <summary>
/// The host's traces, caught by an in-memory exporter added to the host's own tracer provider: a deploy
/// is one span under its API call, with a child per build step and one for the rollout; gateway
/// requests get no span unless asked for.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class DeployTracesTests : IDisposable
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _root = new("strata-traces");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deploy_span_has_build_step_and_rollout_children_and_gateway_requests_are_traced_only_when_asked(bool traceGateway)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var host = await TestHost.StartAsync(_root, new Dictionary<string, string?>
        {
            ["Strata:Telemetry:Traces"] = "true",
            ["Strata:Telemetry:TraceGatewayRequests"] = traceGateway.ToString(),
            // The YARP path: the fast path never records a span, so only this one could.
            ["Strata:Gateway:FastPath"] = "false",
        }, FixturePlugins.WebVertical);
        var spans = new SpanSink();
        host.Services.GetRequiredService<TracerProvider>().AddProcessor(new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(spans)));
        // This test's client runs in the host's process: it must not start client spans whose (unsampled) context the host would follow.
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() }) { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.AdminToken);
        var app = traceGateway ? "traced-gateway" : "traced";

        var folder = _root.Combine("apps", app);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "strata.yaml"), $"name: {app}\nvertical: web\nspec:\n  appDirectory: {WebApps.AppDirectory}\n  replicas: 1\n", bound.Token);
        using (var deployed = await http.PostAsJsonAsync($"/api/apps/{app}/deploy", new { path = folder }, bound.Token))
        {
            Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync(bound.Token));
        }

        for (var i = 0; i < 3; i++)
        {
            using var answer = await http.GetAsync($"/apps/web/{app}/", bound.Token);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // An API call after the gateway's requests: once its span is out, theirs would be too.
        (await http.GetAsync($"/api/apps/{app}/status", bound.Token)).Dispose();
        var status = await WaitForAsync(spans, s => UrlPath(s) == $"/api/apps/{app}/status");
        // The replica's readiness probes go on every second after the rollout: none of them may join its trace.
        await Task.Delay(TimeSpan.FromSeconds(1.5), bound.Token);
        var all = spans.Snapshot();
        var byId = all.ToDictionary(s => s.SpanId);
        Assert.All(all.Where(s => byId.ContainsKey(s.ParentSpanId)), s =>
        {
            var parent = byId[s.ParentSpanId];
            Assert.True(s.StartTimeUtc <= parent.StartTimeUtc + parent.Duration, $"span '{s.DisplayName}' ({s.GetTagItem("url.full")}) starts after its parent '{parent.DisplayName}' ended");
        });

        var deploy = Assert.Single(all, s => s.DisplayName == "deploy" && Tag(s, "strata.app") == app);
        Assert.Equal("web", Tag(deploy, "strata.vertical"));
        Assert.Equal("1", Tag(deploy, "strata.revision"));
        Assert.Equal("succeeded", Tag(deploy, "strata.outcome"));
        Assert.Equal("local", Tag(deploy, "strata.runtime"));
        Assert.NotEqual(ActivityStatusCode.Error, deploy.Status);

        var call = Assert.Single(all, s => s.SpanId == deploy.ParentSpanId);
        Assert.Equal(ActivityKind.Server, call.Kind);
        Assert.Equal($"/api/apps/{app}/deploy", UrlPath(call));

        var step = Assert.Single(all, s => s.ParentSpanId == deploy.SpanId && s.DisplayName == "build package");
        Assert.Equal("package", Tag(step, "strata.build.step"));
        Assert.Equal("ran", Tag(step, "strata.outcome"));
        Assert.Equal("web", Tag(step, "strata.vertical"));
        Assert.Equal(app, Tag(step, "strata.app"));

        var rollout = Assert.Single(all, s => s.ParentSpanId == deploy.SpanId && s.DisplayName == "rollout");
        Assert.Equal("succeeded", Tag(rollout, "strata.outcome"));
        Assert.Equal("1", Tag(rollout, "strata.revision"));
        Assert.Equal("local", Tag(rollout, "strata.runtime"));
        Assert.True(step.StartTimeUtc + step.Duration <= rollout.StartTimeUtc, "the rollout span starts before the build step's ends");
        Assert.True(rollout.StartTimeUtc + rollout.Duration <= deploy.StartTimeUtc + deploy.Duration, "the rollout span ends after the deploy's");
        Assert.NotEqual(deploy.TraceId, status.TraceId);

        var gateway = all.Where(s => UrlPath(s)?.StartsWith($"/apps/web/{app}", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(traceGateway ? 3 : 0, gateway.Count);
    }

    public void Dispose() => _root.Dispose();

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static string? UrlPath(Activity span) => Tag(span, "url.path");

    // A server span ends after its response is sent, so the client may see the answer first.
    private static async Task<Activity> WaitForAsync(SpanSink spans, Func<Activity, bool> match)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ExportWait)
        {
            if (spans.Snapshot().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no matching span was exported within {ExportWait.TotalSeconds} s; got: {string.Join(", ", spans.Snapshot().Select(s => s.DisplayName))}");
    }
}
