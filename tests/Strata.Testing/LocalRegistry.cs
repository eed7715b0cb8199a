using System.Diagnostics;
using System.Net;

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
    private readonly string _config;
    private readonly List<string> _log = [];
    private Process? _process;

    private LocalRegistry(TempDirectory folder, string config, int port)
    {
        _folder = folder;
        _config = config;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>Why the registry cannot run here, or null when it can.</summary>
    public static string? Unavailable => File.Exists(Binary) ? null
        : $"{Binary} is not installed (Debian package docker-registry; eng/setup.sh installs it when it runs as root).";

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>The folder of its storage (blobs, manifests, tags).</summary>
    public string DataFolder => _folder.Combine("data");

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

    /// <summary>
    /// <see cref="CountRequests"/> once it reaches <paramref name="atLeast"/>, or after 5 s: the registry
    /// logs a request after answering it, so its line may come a moment after the client's response.
    /// </summary>
    public async Task<int> CountRequestsAsync(string method, string pathPart, int atLeast)
    {
        for (var attempt = 0; attempt < 50 && CountRequests(method, pathPart) < atLeast; attempt++)
        {
            await Task.Delay(100);
        }

        return CountRequests(method, pathPart);
    }

    /// <summary>Starts a registry and waits (bounded) until it answers <c>/v2/</c>.</summary>
    /// <param name="readOnly">Refuse every push (the registry's maintenance read-only mode).</param>
    /// <param name="user">
    /// Require HTTP basic authentication as this user (the registry's htpasswd auth, bcrypt entries
    /// written by <see cref="Htpasswd"/>); every request without it is answered 401.
    /// </param>
    public static async Task<LocalRegistry> StartAsync(bool readOnly = false, (string Name, string Password)? user = null)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var folder = new TempDirectory("strata-registry");
        var port = LoopbackPorts.Free();
        var config = folder.Combine("config.yml");
        var auth = "";
        if (user is { } u)
        {
            var htpasswd = folder.Combine("htpasswd");
            await File.WriteAllTextAsync(htpasswd, Htpasswd.Line(u.Name, u.Password) + "\n");
            auth = $"""

                auth:
                  htpasswd:
                    realm: strata-tests
                    path: {htpasswd}
                """;
        }

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
            """ + auth);
        var registry = new LocalRegistry(folder, config, port);
        await registry.LaunchAsync();
        return registry;
    }

    /// <summary>
    /// Stops the registry and starts it again on the same address; with <paramref name="wipeData"/> its
    /// storage is deleted in between, so it comes back empty (what a registry that lost its data, or a
    /// new registry at the same address, looks like to a client).
    /// </summary>
    public async Task RestartAsync(bool wipeData)
    {
        await StopAsync();
        if (wipeData && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }

        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(_config);
        var process = Process.Start(start)!;
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                // 401: it is up and asks for the credentials it was configured with.
                using var response = await http.GetAsync(new Uri($"http://{Address}/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        var log = string.Join('\n', Log);
        await DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {Address} within 10 s:\n{log}");
    }

    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
            _process = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
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
