using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Storage;
using Strata.Testing;
using Strata.Verticals.Simulation.Api;
using Strata.Verticals.Simulation.Tests.Templates;

namespace Strata.Verticals.Simulation.Tests.Api;

/// <summary>
/// The API over a results folder as the host answers it for an app on a cluster: a mirror of the claim that
/// the tasks wrote on the cluster. Here real tasks of the built template write a run (one task succeeds, one
/// refuses its inputs) and <see cref="IAppVolumes"/> answers their folder; the API is served over real HTTP.
/// </summary>
public sealed class MirroredResultsApiTests(BuiltHeatModel model) : IClassFixture<BuiltHeatModel>, IAsyncLifetime
{
    private readonly TempDirectory _mirror = new("strata-mirror");
    private readonly TempDirectory _claim = new("strata-claim");
    private readonly TempDirectory _liveMirror = new("strata-live-mirror");
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var run = BuiltHeatModel.Run("run-3",
            new JsonObject { ["alpha"] = 1.0, ["points"] = 4, ["steps"] = 10, ["endTime"] = 0.02, ["scheme"] = "implicit", ["hotspot"] = 100.0 },
            new JsonObject { ["alpha"] = 10.0, ["points"] = 64, ["steps"] = 1, ["endTime"] = 0.02, ["scheme"] = "explicit", ["hotspot"] = 100.0 });
        Assert.Equal(0, (await model.RunTaskAsync(_mirror.Path, run, 0)).ExitCode);
        Assert.Equal(1, (await model.RunTaskAsync(_mirror.Path, run, 1)).ExitCode);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IAppVolumes>(new MirrorVolumes(_mirror.Path, _claim.Path, _liveMirror.Path));
        builder.Services.AddSingleton(TimeProvider.System);
        _app = builder.Build();
        SimulationApi.Map(_app.MapGroup("/v/simulation"));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _mirror.Dispose();
        _claim.Dispose();
        _liveMirror.Dispose();
    }

    [Fact]
    public async Task The_runs_in_the_mirror_are_listed_with_each_tasks_outcome()
    {
        var runs = (await _http.GetFromJsonAsync<JsonArray>("/v/simulation/heat/runs"))!;

        var run = Assert.Single(runs)!;
        Assert.Equal("run-3", run["run"]!.GetValue<string>());
        Assert.Equal(3, run["revision"]!.GetValue<int>());
        Assert.Equal("failed", run["state"]!.GetValue<string>());
        Assert.Equal((1, 1), (run["succeeded"]!.GetValue<int>(), run["failed"]!.GetValue<int>()));

        var task = (await _http.GetFromJsonAsync<JsonObject>("/v/simulation/heat/runs/run-3/tasks/0"))!;
        Assert.Equal("succeeded", task["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_app_the_host_has_no_folder_for_is_a_404()
    {
        var response = await _http.GetAsync("/v/simulation/other/runs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_progress_stream_follows_a_mirror_that_is_refreshed_on_each_read()
    {
        var run = BuiltHeatModel.Run("run-1", new JsonObject { ["alpha"] = 1.0 });
        Write("runs/run-1/run.json", run.ToJsonString());
        Write("runs/run-1/tasks/0/status.json", """{"state":"running","message":""}""");
        Write("runs/run-1/tasks/0/progress", "0\n40\n");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _http.GetAsync("/v/simulation/live/runs/run-1/progress", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: progress", await events.ReadLineAsync(timeout.Token));
        Assert.Contains("\"percent\":40", await events.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        // The task ends on the "cluster": only a new read of the volume brings it into the mirror.
        Write("runs/run-1/tasks/0/progress", "0\n40\n100\n");
        Write("runs/run-1/tasks/0/status.json", """{"state":"succeeded","message":""}""");
        var rest = await events.ReadToEndAsync(timeout.Token);

        Assert.Contains("\"state\":\"succeeded\",\"percent\":100,\"settled\":true", rest, StringComparison.Ordinal);
    }

    private void Write(string path, string content)
    {
        var file = Path.Combine(_claim.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    /// <summary>
    /// <c>heat</c>: a folder the tasks wrote; <c>live</c>: a mirror of a "claim" folder, copied on every read as
    /// the host's reader does after its TTL; anything else: no folder.
    /// </summary>
    private sealed class MirrorVolumes(string heat, string claim, string live) : IAppVolumes
    {
        public ValueTask<string?> GetHostPathAsync(string app, string volume, CancellationToken cancellationToken = default)
        {
            if (volume != "results")
            {
                return ValueTask.FromResult<string?>(null);
            }

            if (app == "live")
            {
                foreach (var file in Directory.EnumerateFiles(claim, "*", SearchOption.AllDirectories))
                {
                    var target = Path.Combine(live, Path.GetRelativePath(claim, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target + ".tmp", overwrite: true);
                    File.Move(target + ".tmp", target, overwrite: true);
                }

                return ValueTask.FromResult<string?>(live);
            }

            return ValueTask.FromResult(app == "heat" ? heat : null);
        }
    }
}
