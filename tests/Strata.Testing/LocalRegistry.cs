using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Testing;

/// <summary>
/// Debian's <c>docker-registry</c> (the CNCF distribution registry) on 127.0.0.1, on a free port,
/// with its own config and storage folder; stopped and deleted on dispose. Its request log is kept,
/// so a test can see what was pushed.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private const string Binary = "/usr/bin/docker-registry";
    private readonly TempDirectory _folder;
    private readonly Process _process;
    private readonly List<string> _log = [];

    private LocalRegistry(TempDirectory folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>Why the registry cannot run here, or null when it can.</summary>
    public static string? Unavailable => File.Exists(Binary) ? null
        : $"{Binary} is not installed (Debian package docker-registry; eng/setup.sh installs it when it runs as root).";

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>The registry's log lines so far.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>How many requests the log shows with this method whose path contains <paramref name="pathPart"/> (e.g. <c>PUT</c>, <c>/manifests/</c>).</summary>
    public int CountRequests(string method, string pathPart) =>
        Log.Count(l => l.Contains($"http.request.method={method}", StringComparison.Ordinal)
            && l.Contains("http.request.uri=", StringComparison.Ordinal)
            && l.Contains(pathPart, StringComparison.Ordinal)
            && l.Contains("http.response.status=", StringComparison.Ordinal));

    /// <summary>Starts a registry and waits (bounded) until it answers <c>/v2/</c>.</summary>
    /// <param name="readOnly">Refuse every push (the registry's maintenance read-only mode).</param>
    public static async Task<LocalRegistry> StartAsync(bool readOnly = false)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var folder = new TempDirectory("strata-registry");
        var port = FreePort();
        var config = folder.Combine("config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {folder.Combine("data")}
              delete:
                enabled: true
              maintenance:
                readonly:
                  enabled: {(readOnly ? "true" : "false")}
            http:
              addr: 127.0.0.1:{port}
            """);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var registry = new LocalRegistry(folder, Process.Start(start)!, port);
        registry._process.OutputDataReceived += (_, e) => registry.OnLine(e.Data);
        registry._process.ErrorDataReceived += (_, e) => registry.OnLine(e.Data);
        registry._process.BeginOutputReadLine();
        registry._process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (registry._process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{registry.Address}/v2/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return registry;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        var log = string.Join('\n', registry.Log);
        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {registry.Address} within 10 s:\n{log}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }
}
