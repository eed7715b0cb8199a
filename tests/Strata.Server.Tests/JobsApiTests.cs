using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Testing;
using Strata.Workloads;

namespace Strata.Server.Tests;

public sealed class JobsApiTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-server-jobs");

    [Fact]
    public async Task Jobs_are_listed_and_cancelled_and_unknown_apps_or_jobs_get_404()
    {
        await using var host = await TestHost.StartAsync(_root, FixturePlugins.Functions);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/apps/ghost/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("/api/apps/ghost/jobs/work/cancel", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await host.Http.PostAsJsonAsync("/api/apps", new { name = "batch", vertical = "functions" })).StatusCode);
        var notRunning = await host.Http.PostAsync("/api/apps/batch/jobs/work/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, notRunning.StatusCode);
        Assert.Equal("application/problem+json", notRunning.Content.Headers.ContentType?.MediaType);

        // The runtime is driven directly: no bundled vertical maps an app onto a job yet.
        var runtime = host.Services.GetRequiredService<ICaasRuntime>();
        var revision = new AppRevision { Manifest = new AppManifest { Name = "batch", Vertical = "functions" }, Number = 1 };
        var job = new JobWorkload { Name = "work", Artifact = new Artifact { Directory = _root.Path, Command = ["/bin/sh", "-c", "sleep 30 & wait"] } };
        Assert.True((await runtime.ApplyAsync(revision, new WorkloadSet { Jobs = [job] }, CancellationToken.None)).Succeeded);

        var listed = await host.Http.GetFromJsonAsync<JsonArray>("/api/apps/batch/jobs");
        Assert.Equal(("work", "Running"), (listed![0]!["name"]!.GetValue<string>(), listed[0]!["state"]!.GetValue<string>()));

        var unknown = await host.Http.PostAsync("/api/apps/batch/jobs/nope/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no job 'nope'", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var cancelled = await host.Http.PostAsync("/api/apps/batch/jobs/work/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
    }

    public void Dispose() => _root.Dispose();
}
