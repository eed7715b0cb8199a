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
        builder.Services.AddSingleton<IAppVolumes>(new OneAppVolumes("heat", _mirror.Path));
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

    private sealed class OneAppVolumes(string app, string folder) : IAppVolumes
    {
        public ValueTask<string?> GetHostPathAsync(string name, string volume, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(name == app && volume == "results" ? folder : null);
    }
}
