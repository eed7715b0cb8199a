using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Support;

/// <summary>A runtime on a temporary data directory, an HTTP client for loopback, and bounded waits.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    public static readonly AppRef App = new("tests", "demo");

    public RuntimeHarness(
        TimeSpan? readyTimeout = null, Func<LocalRuntimeOptions, LocalRuntimeOptions>? configure = null, ILoggerProvider? logs = null, Core.Discovery.IGatewayAddress? gatewayAddress = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "strata-local-tests", Guid.NewGuid().ToString("N"));
        Options = new LocalRuntimeOptions
        {
            DataDirectory = DataDirectory,
            ReadyTimeout = readyTimeout ?? TimeSpan.FromSeconds(20),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        Options = configure?.Invoke(Options) ?? Options;
        LoggerFactory = logs is null ? NullLoggerFactory.Instance : new LoggerFactory([logs]);
        Runtime = new LocalRuntime(Options, LoggerFactory, gatewayAddress: gatewayAddress);
    }

    public string DataDirectory { get; }

    public LocalRuntimeOptions Options { get; }

    public LocalRuntime Runtime { get; }

    private ILoggerFactory LoggerFactory { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public static CancellationToken Timeout(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static AppRevision Revision(int number) => new()
    {
        Manifest = new AppManifest { Name = App.App, Vertical = App.Vertical },
        Number = number,
    };

    public static WorkloadSet Web(IReadOnlyDictionary<string, string>? env = null, int replicas = 1, HttpProbe? readiness = null) => new()
    {
        Services =
        [
            new ServiceWorkload
            {
                Name = "web",
                Artifact = FixtureWebApp.Artifact,
                Replicas = replicas,
                Env = env ?? new Dictionary<string, string>(),
                Readiness = readiness,
            },
        ],
    };

    /// <summary>One service <c>web</c> of the fixture, shaped by <paramref name="shape"/>.</summary>
    public static WorkloadSet Service(Func<ServiceWorkload, ServiceWorkload> shape) => new()
    {
        Services = [shape(new ServiceWorkload { Name = "web", Artifact = FixtureWebApp.Artifact })],
    };

    public async Task<ServiceStatus> WebStatusAsync() => Assert.Single((await StatusAsync()).Services);

    public async Task<ApplyResult> ApplyAsync(int revision, WorkloadSet workloads) =>
        await Runtime.ApplyAsync(Revision(revision), workloads, Timeout(60));

    public async Task<Uri> ServiceUriAsync(string service = "web") =>
        await Runtime.GetServiceUriAsync(App, service, Timeout()) ?? throw new InvalidOperationException($"no uri for {service}");

    public async Task<string> GetAsync(string path, string service = "web")
    {
        var uri = new Uri(await ServiceUriAsync(service), path);
        return await Http.GetStringAsync(uri, Timeout());
    }

    public async Task<AppRuntimeStatus> StatusAsync() => await Runtime.GetStatusAsync(App, Timeout());

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, int seconds, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
            {
                // Not yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {seconds}s waiting for: {what}");
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async Task<bool> AcceptsConnectionsAsync(Uri uri)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, uri.Port, Timeout(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        LoggerFactory.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
