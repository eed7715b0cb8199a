using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The simulation vertical end to end, with real processes, files and HTTP on 127.0.0.1: a host
/// (strata up), <c>strata new simulation</c>, a deploy that builds the heat model with dotnet publish and
/// starts its run as a Local indexed job, and the vertical's API over the results volume.
/// </summary>
public sealed class SimulationEndToEndTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _root = new("strata-sim-e2e");

    [Fact]
    public async Task A_sweep_of_8_tasks_with_parallelism_2_completes_with_every_result_progress_and_pictures()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromMinutes(4) };
        host.Authorize(http);
        var app = await NewAppAsync(host, "heat", """
              run:
                label: e2e sweep
                parameters: { points: 8, steps: 400 }
                sweep:
                  grid:
                    alpha: [0.5, 1.0, 1.5, 2.0]
                    scheme: [explicit, implicit]
                parallelism: 2
            """);

        var deployed = await http.PostAsJsonAsync("/api/apps/heat/deploy", new { path = app });
        Assert.True(deployed.StatusCode == HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync() + host.Output);
        await WaitForRunAsync(http, "heat", "run-1", _ => true);

        // Live progress: per task, percents never go down and end at 100; the stream ends when the run settles.
        var events = await SimulationEvents.ReadAllAsync(http, new Uri(host.Url, "/v/simulation/heat/runs/run-1/progress"), RunTimeout);
        var progress = events.Where(e => e.Name == "progress").ToList();
        for (var task = 0; task < 8; task++)
        {
            var seen = progress.Where(e => e.Data["task"]!.GetValue<int>() == task).Select(e => (State: e.Data["state"]!.GetValue<string>(), Percent: e.Data["percent"]!.GetValue<int>())).ToList();
            Assert.NotEmpty(seen);
            Assert.Equal(seen.Select(s => s.Percent).Order(), seen.Select(s => s.Percent));
            Assert.Equal(("succeeded", 100), seen[^1]);
        }

        var runEvents = events.Where(e => e.Name == "run").Select(e => e.Data).ToList();
        var runPercents = runEvents.Select(e => Int(e["percent"])).ToList();
        Assert.Equal(runPercents.Order(), runPercents);
        Assert.Equal(("succeeded", 100, true), (runEvents[^1]["state"]!.GetValue<string>(), runEvents[^1]["percent"]!.GetValue<int>(), runEvents[^1]["settled"]!.GetValue<bool>()));

        var run = (await http.GetFromJsonAsync<JsonObject>("/v/simulation/heat/runs/run-1"))!;
        Assert.Equal(("succeeded", 8, 2, 8), (Str(run["run"]!["state"]), Int(run["run"]!["tasks"]), Int(run["run"]!["parallelism"]), Int(run["run"]!["succeeded"])));
        Assert.Equal("e2e sweep", Str(run["run"]!["label"]));
        var listed = (await http.GetFromJsonAsync<JsonArray>("/v/simulation/heat/runs"))!;
        Assert.Equal("run-1", Str(Assert.Single(listed)!["run"]));

        // The host ran it as one indexed job of 8 completions. The run settles when its tasks have written
        // their results; the job counts a task once its process has exited, a moment later.
        JsonNode job;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            job = Assert.Single((await http.GetFromJsonAsync<JsonArray>("/api/apps/heat/jobs"))!)!;
            if (Int(job["succeeded"]) == 8 || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (true);

        Assert.Equal(("run", 8, 8), (Str(job["name"]), Int(job["completions"]), Int(job["succeeded"])));

        // Every task's results are there: summary, series and the final 8^3 field.
        for (var task = 0; task < 8; task++)
        {
            var results = (await http.GetFromJsonAsync<JsonObject>($"/v/simulation/heat/runs/run-1/tasks/{task}"))!;
            Assert.Equal("succeeded", Str(results["state"]));
            Assert.Equal(["field.bin", "parameters.json", "progress", "series.csv", "status.json", "summary.json"], results["files"]!.AsArray().Select(f => Str(f!["name"])));
            Assert.Equal(400, Int(results["summary"]!["steps"]));
            var field = await http.GetByteArrayAsync($"/v/simulation/heat/runs/run-1/tasks/{task}/files/field.bin");
            Assert.Equal(8 * 8 * 8 * sizeof(float), field.Length);
        }

        // A PNG slice of the field: nx*scale by ny*scale, hotter (brighter) in the middle than at the faces.
        var slice = await http.GetAsync("/v/simulation/heat/runs/run-1/tasks/0/slice.png?axis=z&scale=4");
        Assert.Equal("image/png", slice.Content.Headers.ContentType?.MediaType);
        var (width, height, rgb) = SimulationPngDecoder.Decode(await slice.Content.ReadAsByteArrayAsync());
        Assert.Equal((32, 32), (width, height));
        int Brightness(int x, int y) => rgb[((y * width) + x) * 3] + rgb[(((y * width) + x) * 3) + 1] + rgb[(((y * width) + x) * 3) + 2];
        Assert.True(Brightness(16, 16) > Brightness(1, 1) + 100, $"centre {Brightness(16, 16)}, corner {Brightness(1, 1)}");

        var plot = SimulationPngDecoder.Decode(await http.GetByteArrayAsync("/v/simulation/heat/runs/run-1/tasks/0/series.png?columns=max,center&width=300&height=200"));
        Assert.Equal((300, 200), (plot.Width, plot.Height));

        // The comparison: less diffusivity keeps more heat in the middle.
        var compare = (await http.GetFromJsonAsync<JsonObject>("/v/simulation/heat/runs/run-1/compare?metric=max"))!;
        var rows = compare["rows"]!.AsArray();
        Assert.Equal(8, rows.Count);
        Assert.Equal(["alpha", "scheme"], compare["varied"]!.AsArray().Select(Str));
        Assert.Equal(0.5, rows[Int(compare["highest"])]!["parameters"]!["alpha"]!.GetValue<double>());
        Assert.Equal(2.0, rows[Int(compare["lowest"])]!["parameters"]!["alpha"]!.GetValue<double>());

        // Bad requests are ProblemDetails naming the field.
        var badResponse = await http.GetAsync("/v/simulation/heat/runs/run-1/tasks/0/slice.png?axis=w&scale=0");
        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        var problem = (await badResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["axis", "scale"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v/simulation/heat/runs/bogus")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/v/simulation/heat/runs/run-1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v/simulation/heat/runs/run-1/tasks/8")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v/simulation/heat/runs/run-1/tasks/0/files/..%2Fsecret")).StatusCode);

        // An invalid parameter set: every problem with its path, and no revision.
        await WriteRunAsync(app, """
              run:
                parameters: { alpha: 50, scheme: crank, colour: 1 }
                parallelism: 0
            """);
        var invalid = await http.PostAsJsonAsync("/api/apps/heat/deploy", new { path = app });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["spec.run.parallelism", "spec.run.parameters.alpha", "spec.run.parameters.colour", "spec.run.parameters.scheme"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        // A sweep over the size limit is refused, here submitted through the vertical's API.
        var grid = $$"""{ "sweep": { "grid": { "steps": [{{string.Join(", ", Enumerable.Range(1, 20))}}], "points": [{{string.Join(", ", Enumerable.Range(4, 15))}}] } } }""";
        var tooBig = await http.PostAsync("/v/simulation/heat/runs", new StringContent(grid, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        var tooBigErrors = (await tooBig.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal("spec.run.sweep.grid", Assert.Single(tooBigErrors).Key);
        Assert.Contains("300 parameter sets", Str(Assert.Single(tooBigErrors).Value![0]), StringComparison.Ordinal);
        Assert.Single((await http.GetFromJsonAsync<JsonArray>("/api/apps/heat/revisions"))!);

        // A valid run submitted through the API deploys the serving sources again with it: run-2, the build reused.
        var submitted = await http.PostAsync("/v/simulation/heat/runs", new StringContent("""{ "label": "one set", "parameters": { "points": 6, "steps": 20, "alpha": 0.5 } }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        Assert.Equal("/v/simulation/heat/runs/run-2", submitted.Headers.Location?.ToString());
        Assert.Equal(("run-2", 2), (Str((await submitted.Content.ReadFromJsonAsync<JsonObject>())!["run"]), 2));
        await WaitForRunAsync(http, "heat", "run-2", r => Str(r["run"]!["state"]) == "succeeded");
        var single = (await http.GetFromJsonAsync<JsonObject>("/v/simulation/heat/runs/run-2/tasks/0"))!;
        Assert.Equal((6, 0.5), (Int(single["summary"]!["field"]!["shape"]![0]), single["parameters"]!["alpha"]!.GetValue<double>()));
        Assert.Equal(["run-2", "run-1"], (await http.GetFromJsonAsync<JsonArray>("/v/simulation/heat/runs"))!.Select(r => Str(r!["run"])));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v/simulation/heat/runs", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Cancel_stops_the_remaining_tasks_and_marks_the_run_cancelled()
    {
        await using var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"));
        using var http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromMinutes(4) };
        host.Authorize(http);
        // Four long tasks one at a time: cancel lands while the first runs.
        var app = await NewAppAsync(host, "slow", """
              run:
                parameters: { points: 16, steps: 1000000, endTime: 1.0 }
                sweep:
                  grid:
                    hotspot: [10, 20, 30, 40]
                parallelism: 1
            """);
        var deployed = await http.PostAsJsonAsync("/api/apps/slow/deploy", new { path = app });
        Assert.True(deployed.StatusCode == HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync() + host.Output);
        await WaitForRunAsync(http, "slow", "run-1", run => Int(run["tasks"]![0]!["percent"]) >= 1);

        var cancel = await http.PostAsync("/v/simulation/slow/runs/run-1/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var cancelled = (await cancel.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("cancelled", Str(cancelled["run"]!["state"]));
        Assert.True(cancelled["jobStopped"]!.GetValue<bool>(), Str(cancelled["jobMessage"]));

        // The stream of a cancelled run ends once nothing of it runs.
        var events = await SimulationEvents.ReadAllAsync(http, new Uri(host.Url, "/v/simulation/slow/runs/run-1/progress"), RunTimeout);
        Assert.Equal(("cancelled", true), (Str(events[^1].Data["state"]), events[^1].Data["settled"]!.GetValue<bool>()));

        var run = (await http.GetFromJsonAsync<JsonObject>("/v/simulation/slow/runs/run-1"))!;
        Assert.Equal("cancelled", Str(run["run"]!["state"]));
        var tasks = run["tasks"]!.AsArray();
        Assert.Equal("cancelled", Str(tasks[0]!["state"]));
        Assert.InRange(Int(tasks[0]!["percent"]), 1, 99);
        Assert.All(tasks.Skip(1), t => Assert.Equal("pending", Str(t!["state"])));
        Assert.All(tasks, t => Assert.False(t!["hasResults"]!.GetValue<bool>()));
        var job = Assert.Single((await http.GetFromJsonAsync<JsonArray>("/api/apps/slow/jobs"))!)!;
        Assert.Equal(("Cancelled", 0), (Str(job["state"]), Int(job["active"])));
        Assert.All(job["tasks"]!.AsArray().Skip(1), t => Assert.Equal(0, Int(t!["attempts"])));
    }

    private async Task<string> NewAppAsync(HostProcess host, string name, string run)
    {
        var created = await CliProcess.RunAsync(_root.Path, "new", "simulation", name, "--server", host.Url.ToString());
        Assert.True(created.ExitCode == 0, created.ToString());
        var app = _root.Combine(name);
        Assert.True(File.Exists(Path.Combine(app, "HeatSolver.cs")), created.ToString());
        await WriteRunAsync(app, run);
        return app;
    }

    /// <summary>Replaces the scaffolded manifest's <c>run:</c> with <paramref name="run"/>.</summary>
    private static async Task WriteRunAsync(string app, string run)
    {
        var manifest = Path.Combine(app, "strata.yaml");
        var text = await File.ReadAllTextAsync(manifest);
        var at = text.IndexOf("\n  run:", StringComparison.Ordinal);
        Assert.True(at > 0, text);
        await File.WriteAllTextAsync(manifest, text[..(at + 1)] + run.TrimEnd() + "\n");
    }

    /// <summary>Waits (bounded) until the run has started and <paramref name="until"/> holds for its detail.</summary>
    private static async Task WaitForRunAsync(HttpClient http, string app, string run, Func<JsonObject, bool> until)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync($"/v/simulation/{app}/runs/{run}");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && until(JsonNode.Parse(last)!.AsObject()))
            {
                return;
            }

            Assert.True((int)response.StatusCode < 500, last);

            await Task.Delay(200);
        }

        throw new TimeoutException($"run {run} of {app} did not get there within {RunTimeout}: {last}");
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private static int Int(JsonNode? node) => node!.GetValue<int>();

    public void Dispose() => _root.Dispose();
}
