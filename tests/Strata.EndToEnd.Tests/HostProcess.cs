using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Strata.EndToEnd.Tests;

/// <summary>A <c>strata up</c> host running as its own process on a free loopback port.</summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private HostProcess(Process process) => _process = process;

    public Uri Url { get; private set; } = null!;

    /// <summary>The host's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The admin token: the one this host printed at its first start, or the first start's of the same data (kept in the CLI config).</summary>
    public string Token { get; private set; } = null!;

    /// <summary>Makes <paramref name="http"/> send <see cref="Token"/>.</summary>
    public void Authorize(HttpClient http) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

    /// <summary>A client of the host's API carrying <see cref="Token"/>; the caller disposes it.</summary>
    public HttpClient ApiClient()
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        Authorize(http);
        return http;
    }

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

    public static Task<HostProcess> StartAsync(string workingDirectory, params string[] args) =>
        StartAsync(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Starts the host with <paramref name="environment"/> set (a null value removes the variable).</summary>
    public static async Task<HostProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = CliProcess.StartInfo(workingDirectory, ["up", "--port", "0", .. args]);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var host = new HostProcess(Process.Start(info)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("strata up exited before listening"));
                return;
            }

            lock (host._output)
            {
                host._output.Add(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        host._process.OutputDataReceived += OnLine;
        host._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (host._output) { host._output.Add(e.Data); } } };
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            host.Url = await listening.Task.WaitAsync(TimeSpan.FromMinutes(4));
            host.Token = TokenFromConfig(info.Environment["STRATA_CONFIG"]!, host.Url);
        }
        catch (Exception ex)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"strata up did not start: {ex.Message}\n{host.Output}", ex);
        }

        return host;
    }

    /// <summary>SIGKILLs the host process alone, as a crash would: its replica processes are left behind.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the host as Ctrl+C or a container stop does (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return Output;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the host did not print '{text}' within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // 'strata up' saved its first admin token for its URL before it printed that it listens. A host started
    // again over the same data listens on another free port: the token is the config's current one, kept
    // for the new URL too, as 'strata login' would.
    private static string TokenFromConfig(string path, Uri url)
    {
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var key = $"{url.Scheme}://{url.Host}:{url.Port}";
        var hosts = config["hosts"]!.AsObject();
        if (hosts[key]?["token"]?.GetValue<string>() is { } token)
        {
            return token;
        }

        var current = hosts[config["current"]!.GetValue<string>()]!["token"]!.GetValue<string>();
        hosts[key] = new JsonObject { ["token"] = current };
        File.WriteAllText(path, config.ToJsonString());
        return current;
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
