using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>
/// A real mobile backend server on 127.0.0.1, run from the server's build output as the runtime runs
/// it, over a data folder the test owns (so a second process can take over the same database); killed on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const string Project = "plugins/Strata.Verticals.MobileBackend.Server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials; every request bounded to 30 s.</summary>
    public HttpClient Http { get; }

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

    /// <summary>Writes <paramref name="specJson"/> as the app's schema and starts a server over <paramref name="dataDirectory"/>; waits until healthy.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string specJson, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (process, server) = Launch(dataDirectory, specJson, environment);
        try
        {
            if (await WaitHealthyAsync(process, server))
            {
                return server;
            }
        }
        catch
        {
            // Never leave a server behind when the test cannot use it.
            await server.DisposeAsync();
            throw;
        }

        var exited = process.HasExited;
        if (exited)
        {
            process.WaitForExit();
        }

        var lines = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server did not become healthy within {StartTimeout.TotalSeconds} s (exited: {exited}):\n{lines}");
    }

    /// <summary>Starts a server that is expected to refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string dataDirectory, string specJson, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (process, server) = Launch(dataDirectory, specJson, environment);
        await using (server)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
            return (process.ExitCode, server.Output);
        }
    }

    /// <summary>Signs up a new user; returns a client carrying their access token, and their id.</summary>
    public async Task<(HttpClient Client, string UserId, JsonObject Session)> SignUpAsync(string email, string password = "correct horse battery")
    {
        using var response = await Http.PostAsJsonAsync("/auth/signup", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new Xunit.Sdk.XunitException($"sign-up of {email} answered {(int)response.StatusCode}: {body}");
        }

        var session = JsonNode.Parse(body)!.AsObject();
        return (ClientWith(session["accessToken"]!.GetValue<string>()), session["userId"]!.GetValue<string>(), session);
    }

    /// <summary>A client that sends <paramref name="accessToken"/>.</summary>
    public HttpClient ClientWith(string accessToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
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

    private static async Task<bool> WaitHealthyAsync(Process process, ServerProcess server)
    {
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/_strata/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or slow to answer on a loaded machine.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static (Process, ServerProcess) Launch(string dataDirectory, string specJson, IReadOnlyDictionary<string, string>? environment)
    {
        var output = RepoPaths.BuildOutput(Project);
        var dll = Path.Combine(output, "Strata.Verticals.MobileBackend.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The server is not built at {dll}; build the test project (it builds the server).");
        }

        Directory.CreateDirectory(dataDirectory);
        var schema = Path.Combine(dataDirectory, "..", Path.GetFileName(dataDirectory) + "-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(schema, specJson);
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = output };
        start.ArgumentList.Add(dll);
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["STRATA_APP"] = "test-app";
        start.Environment["STRATA_VOLUME_DATA"] = dataDirectory;
        start.Environment["STRATA_MOBILE_SCHEMA"] = Path.GetFullPath(schema);
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, server);
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
