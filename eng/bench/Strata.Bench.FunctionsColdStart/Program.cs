using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

// Cold-start benchmark of the functions worker (not a test). Starts one worker, registers N distinct
// functions (copies of one built function assembly, each its own folder and app), then over one warm
// keep-alive connection measures: first call of each (scaled to zero → first response), warm calls,
// and after unloading every function and letting the GC collect them, the first calls again.
//
//   dotnet Strata.Bench.FunctionsColdStart.dll <worker.dll> <function build output> [functions=200] [handler=Strata.Fixtures.Functions.Greeter]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Strata.Bench.FunctionsColdStart <worker.dll> <function build output folder> [count=200] [handler]");
    return 2;
}

var workerDll = Path.GetFullPath(args[0]);
var functionOutput = Path.GetFullPath(args[1]);
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
var handler = args.Length > 3 ? args[3] : "Strata.Fixtures.Functions.Greeter";
var assembly = Directory.GetFiles(functionOutput, "*.deps.json").Select(f => Path.GetFileName(f)[..^".deps.json".Length] + ".dll").Single();

var root = Path.Combine(Path.GetTempPath(), $"strata-bench-functions-{Guid.NewGuid():N}");
Directory.CreateDirectory(root);
Process? worker = null;
try
{
    for (var i = 0; i < count; i++)
    {
        var folder = Path.Combine(root, $"fn-{i:D4}-r1");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(functionOutput))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(folder, "function.json"), JsonSerializer.Serialize(new { app = $"fn-{i:D4}", revision = 1, handler, assembly, timeoutSeconds = 30 }));
    }

    var port = FreePort();
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(workerDll);
    start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
    start.Environment.Remove("ASPNETCORE_URLS");
    start.Environment["STRATA_FUNCTIONS_DIR"] = root;
    start.Environment["Strata__Functions__IdleTimeout"] = "01:00:00";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var started = Stopwatch.GetTimestamp();
    worker = Process.Start(start)!;
    worker.OutputDataReceived += (_, _) => { };
    worker.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("worker: " + e.Data); };
    worker.BeginOutputReadLine();
    worker.BeginErrorReadLine();

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromHours(1) })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromSeconds(30),
    };
    await WaitHealthyAsync(http, worker);
    var startup = Stopwatch.GetElapsedTime(started);

    // Warm the client and the connection (and the worker's request path) before measuring anything.
    for (var i = 0; i < 200; i++)
    {
        (await http.GetAsync(new Uri("/_strata/healthz", UriKind.Relative))).Dispose();
    }

    var rssBefore = Rss(worker);
    var cold1 = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        cold1.Add(await TimeCallAsync(http, $"fn-{i:D4}"));
    }

    var rssLoaded = Rss(worker);
    var warm = new List<double>();
    for (var round = 0; round < 20; round++)
    {
        for (var i = 0; i < Math.Min(count, 100); i++)
        {
            warm.Add(await TimeCallAsync(http, $"fn-{i:D4}"));
        }
    }

    // Scale every function to zero, let the GC take their contexts, then call each again.
    for (var i = 0; i < count; i++)
    {
        using var response = await http.PostAsync(new Uri($"/_strata/functions/fn-{i:D4}/unload", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    var awaiting = await WaitCollectedAsync(http);
    var rssUnloaded = Rss(worker);
    var cold2 = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        cold2.Add(await TimeCallAsync(http, $"fn-{i:D4}"));
    }

    var workerSide = await WorkerColdStartsAsync(http);
    var all = cold1.Concat(cold2).ToList();
    Console.WriteLine($"functions cold start: {count} distinct functions ({handler}), worker {Path.GetFileName(workerDll)}, one keep-alive connection");
    Console.WriteLine($"  load average at end: {File.ReadAllText("/proc/loadavg").Trim()}  ({Environment.ProcessorCount} cores)");
    Console.WriteLine($"  worker start → healthy: {startup.TotalMilliseconds:F0} ms");
    Console.WriteLine(Line("cold, first load of each  ", cold1));
    Console.WriteLine(Line("cold, after unload+collect", cold2));
    Console.WriteLine(Line("cold, all                 ", all));
    Console.WriteLine(Line("warm call                 ", warm));
    Console.WriteLine($"  worker-side load+bind (its own timer), mean over {workerSide.Count}: {workerSide.Average():F2} ms, p50 {Percentile(workerSide, 50):F2} ms");
    Console.WriteLine($"  worker RSS: {rssBefore / 1024.0:F1} MB idle, {rssLoaded / 1024.0:F1} MB with {count} loaded, {rssUnloaded / 1024.0:F1} MB after unloading all ({awaiting} contexts not yet collected)");
    if (Environment.GetEnvironmentVariable("BENCH_SAMPLES") is { Length: > 0 } samplesPath)
    {
        // Every sample in ms, for the harness's distribution chart (eng/bench/charts.py).
        File.WriteAllText(samplesPath, JsonSerializer.Serialize(new { count, handler, loadAverage = File.ReadAllText("/proc/loadavg").Trim(), firstLoad = cold1, afterUnload = cold2, warm }));
    }

    return 0;
}
finally
{
    if (worker is { HasExited: false })
    {
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit(10_000);
    }

    Directory.Delete(root, recursive: true);
}

static async Task<double> TimeCallAsync(HttpClient http, string app)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/?name=bench", UriKind.Relative));
    request.Headers.Add("X-Strata-Function", app);
    var started = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"{app} answered {(int)response.StatusCode}: {body}");
    }

    return elapsed;
}

static async Task WaitHealthyAsync(HttpClient http, Process worker)
{
    for (var attempt = 0; attempt < 600 && !worker.HasExited; attempt++)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/_strata/healthz", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(50);
    }

    throw new InvalidOperationException("the worker did not become healthy within 30 s");
}

static async Task<int> WaitCollectedAsync(HttpClient http)
{
    var awaiting = int.MaxValue;
    for (var attempt = 0; attempt < 600 && awaiting > 0; attempt++)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/_strata/functions", UriKind.Relative)));
        awaiting = document.RootElement.GetProperty("functions").EnumerateArray().Sum(f => f.GetProperty("awaitingCollection").GetInt32());
        if (awaiting > 0)
        {
            await Task.Delay(100);
        }
    }

    return awaiting;
}

static async Task<List<double>> WorkerColdStartsAsync(HttpClient http)
{
    using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/_strata/functions", UriKind.Relative)));
    return document.RootElement.GetProperty("functions").EnumerateArray()
        .Where(f => f.TryGetProperty("meanColdStartMs", out _))
        .Select(f => f.GetProperty("meanColdStartMs").GetDouble()).ToList();
}

static string Line(string what, List<double> samples)
    => $"  {what} n={samples.Count,4}  p50 {Percentile(samples, 50),7:F2} ms  p95 {Percentile(samples, 95),7:F2} ms  p99 {Percentile(samples, 99),7:F2} ms  max {samples.Max(),7:F2} ms";

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToList();
    var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

static long Rss(Process process)
{
    foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
