using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Strata.Testing;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>A real function worker process on 127.0.0.1, run from the worker's build output as the runtime runs it; killed on dispose.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const string Project = "plugins/Strata.Verticals.Functions.Worker";
    private readonly Process _process;
    private readonly List<string> _output = [];

    private WorkerProcess(Process process, int port)
    {
        _process = process;
        ProcessId = process.Id;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client for this worker; every request is bounded to 30 s.</summary>
    public HttpClient Http { get; }

    public int ProcessId { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(string functionsDirectory, TimeSpan? idleTimeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = RepoPaths.BuildOutput(Project);
        var dll = Path.Combine(output, "Strata.Verticals.Functions.Worker.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The worker is not built at {dll}; build the test project (it builds the worker).");
        }

        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = output };
        start.ArgumentList.Add(dll);
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["STRATA_FUNCTIONS_DIR"] = functionsDirectory;
        start.Environment["Strata__Functions__IdleTimeout"] = (idleTimeout ?? TimeSpan.FromMinutes(10)).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var worker = new WorkerProcess(Process.Start(start)!, port);
        worker._process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300 && !worker._process.HasExited; attempt++)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/_strata/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return worker;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer within the probe's 2 s on a loaded machine
                // (that timeout used to escape here and leave the worker running with no one to stop it).
            }

            await Task.Delay(100);
        }

        var exited = worker._process.HasExited;
        if (exited)
        {
            // Its last lines may still be on their way through the redirected pipes.
            worker._process.WaitForExit();
        }

        var lines = worker.Output;
        await worker.DisposeAsync();
        throw new InvalidOperationException($"The worker did not become healthy within 30 s (exited: {exited}):\n{lines}");
    }

    /// <summary>Sends a request naming <paramref name="app"/> with the explicit header.</summary>
    public Task<HttpResponseMessage> InvokeAsync(string app, string path = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Strata-Function", app);
        return Http.SendAsync(request);
    }

    /// <summary>The worker's view of <paramref name="app"/> from <c>/_strata/functions</c>.</summary>
    public async Task<JsonElement> StatusOfAsync(string app)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/_strata/functions", UriKind.Relative)));
        foreach (var function in document.RootElement.GetProperty("functions").EnumerateArray())
        {
            if (function.GetProperty("app").GetString() == app)
            {
                return function.Clone();
            }
        }

        throw new InvalidOperationException($"/_strata/functions does not list '{app}': {document.RootElement}");
    }

    /// <summary>Polls the status of <paramref name="app"/> until <paramref name="condition"/> holds, for at most 30 s.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string app, Func<JsonElement, bool> condition, string what)
    {
        var status = await StatusOfAsync(app);
        for (var attempt = 0; attempt < 300 && !condition(status); attempt++)
        {
            await Task.Delay(100);
            status = await StatusOfAsync(app);
        }

        return condition(status) ? status : throw new Xunit.Sdk.XunitException($"'{app}' did not become {what} within 30 s; last status {status}\n{Output}");
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
