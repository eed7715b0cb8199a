using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Gateway.ProcessMode;

/// <summary>
/// Gateway mode Process with real processes on loopback: the splice and its PROXY line, the table
/// stream, the in-flight reports, a killed gateway process restarted, and a gateway whose host is gone.
/// </summary>
public sealed class GatewayProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _root = new("strata-gwprocess");

    [Fact]
    public async Task Host_behind_the_gateway_process_sees_the_clients_address_from_the_proxy_line()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("who", "hi", replicas: 1);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        Assert.NotNull(supervisor.ProcessId);
        Assert.NotEqual(Environment.ProcessId, supervisor.ProcessId);

        // A chunked request is not the fast path's: spliced to the host, whose YARP forwards what the
        // PROXY line named as the client (here this test, on 127.0.0.1).
        using var http = new HttpClient();
        var spliced = await EchoChunkedAsync(http, apps.Url("who", "echo"));
        Assert.Equal("127.0.0.1", spliced["x-forwarded-for"]);

        // Straight to the internal listener with a forwarded client: the host takes the line's address.
        var response = await RawAsync(InternalAddress(host), "PROXY TCP4 203.0.113.7 127.0.0.1 51234 80\r\n" + ChunkedEcho("/apps/web/who/echo"));
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"x-forwarded-for\":\"203.0.113.7\"", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /api/apps HTTP/1.1\r\nHost: x\r\n\r\n", "does not start with a PROXY protocol v1 line")]
    [InlineData("PROXY TCP4 banana 127.0.0.1 1 2\r\nGET /api/apps HTTP/1.1\r\nHost: x\r\n\r\n", "'banana' and '127.0.0.1' are not both IPv4")]
    [InlineData("PROXY TCP4 1.2.3.4 127.0.0.1 1 2\nGET /api/apps HTTP/1.1\r\nHost: x\r\n\r\n", "does not end with CRLF")]
    public async Task Internal_listener_refuses_a_connection_without_a_valid_proxy_line_and_keeps_serving(string sent, string reason)
    {
        await using var host = await GatewayModes.StartAsync(_root, GatewayMode.Process);

        var response = await RawAsync(InternalAddress(host), sent);

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains(reason, response, StringComparison.Ordinal);
        Assert.DoesNotContain("\"items\"", response, StringComparison.Ordinal);
        using var apps = await host.Http.GetAsync("/api/apps");
        Assert.Equal(HttpStatusCode.OK, apps.StatusCode);
    }

    [Fact]
    public async Task Table_streams_a_snapshot_per_publish_to_the_gateway_only_and_is_not_in_openapi()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        using var http = InternalClient(host);

        using (var noToken = await http.GetAsync(GatewayInternalApi.TablePath))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
            Assert.Contains(GatewayInternalApi.TokenHeader, await noToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, GatewayInternalApi.TablePath);
        request.Headers.Add(GatewayInternalApi.TokenHeader, supervisor.Token);
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        Assert.Equal("application/x-ndjson", stream.Content.Headers.ContentType?.MediaType);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(Bound);
        var first = await NextSnapshotAsync(lines, timeout.Token);
        Assert.Empty(first.Apps);

        await apps.DeployOkAsync("streamed", "hi", replicas: 2);
        GatewayTableSnapshot snapshot;
        do
        {
            snapshot = await NextSnapshotAsync(lines, timeout.Token);
        }
        while (snapshot.Apps.SingleOrDefault(a => a.App == "streamed")?.Services.Single().Destinations.Count != 2);

        Assert.True(snapshot.Version > first.Version);
        var app = snapshot.Apps.Single();
        Assert.Equal(("web", "web"), (app.Vertical, app.Services.Single().Service));
        Assert.Equal("/apps/web/streamed", app.Routes.Single().FullPrefix);
        Assert.All(app.Services.Single().Destinations, d => Assert.StartsWith("http://127.0.0.1:", d.Address, StringComparison.Ordinal));

        var openApi = await host.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/apps", openApi, StringComparison.Ordinal);
        Assert.DoesNotContain("_internal", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_flight_endpoint_takes_only_the_gateways_well_formed_reports()
    {
        await using var host = await GatewayModes.StartAsync(_root, GatewayMode.Process);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        using var http = InternalClient(host);

        using (var noToken = await http.PostAsync(GatewayInternalApi.InFlightPath, JsonContent.Create(new { sequence = 1, relayed = 0, services = Array.Empty<object>() })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        http.DefaultRequestHeaders.Add(GatewayInternalApi.TokenHeader, supervisor.Token);
        foreach (var body in (string[])["{\"sequence\": 1}", "{\"sequence\": 1, \"relayed\": 0, \"services\": [{\"vertical\": \"web\"}]}", "not json"])
        {
            using var bad = await http.PostAsync(GatewayInternalApi.InFlightPath, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Invalid in-flight report", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Through the public address (the splice) the internal API is still the gateway's only.
        using var outside = await host.Http.GetAsync(GatewayInternalApi.TablePath);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    [Fact]
    public async Task Table_confirmations_take_only_well_formed_ones_for_an_open_stream()
    {
        await using var host = await GatewayModes.StartAsync(_root, GatewayMode.Process);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        using var http = InternalClient(host);

        using (var noToken = await http.PostAsync(GatewayInternalApi.AppliedPath, JsonContent.Create(new { stream = 1, version = 1 })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        http.DefaultRequestHeaders.Add(GatewayInternalApi.TokenHeader, supervisor.Token);
        foreach (var body in (string[])["{\"version\": 1}", "{\"stream\": 1, \"version\": 0}", "not json"])
        {
            using var bad = await http.PostAsync(GatewayInternalApi.AppliedPath, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Invalid table confirmation", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unknown = await http.PostAsync(GatewayInternalApi.AppliedPath, JsonContent.Create(new { stream = 999_999, version = 1 })))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("No table stream 999999 is open", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stream = await http.GetAsync(GatewayInternalApi.TablePath, HttpCompletionOption.ResponseHeadersRead);
        var id = long.Parse(stream.Headers.GetValues(GatewayInternalApi.StreamHeader).Single(), CultureInfo.InvariantCulture);
        using var confirmed = await http.PostAsync(GatewayInternalApi.AppliedPath, JsonContent.Create(new { stream = id, version = 1 }));
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
    }

    [Fact]
    public async Task A_dropped_replica_is_stopped_only_once_every_table_stream_has_confirmed_a_table_without_it()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process, new Dictionary<string, string?>
        {
            ["Strata:LocalRuntime:DeregistrationTimeout"] = "00:02:00",
        });
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("drained", "hi", replicas: 2);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        using var http = InternalClient(host);
        http.DefaultRequestHeaders.Add(GatewayInternalApi.TokenHeader, supervisor.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        // A second reader of the table, as a second gateway process would be; it confirms when the test says.
        using var stream = await http.GetAsync(GatewayInternalApi.TablePath, HttpCompletionOption.ResponseHeadersRead);
        var id = long.Parse(stream.Headers.GetValues(GatewayInternalApi.StreamHeader).Single(), CultureInfo.InvariantCulture);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var stale = await NextSnapshotAsync(lines, timeout.Token);
        Assert.Equal(2, stale.Apps.Single().Services.Single().Destinations.Count);

        var runtime = host.Services.GetRequiredService<Core.Runtime.ICaasRuntime>();
        var scale = runtime.ScaleAsync(new Core.Runtime.AppRef("web", "drained"), "web", 1, timeout.Token);
        GatewayTableSnapshot dropped;
        do
        {
            dropped = await NextSnapshotAsync(lines, timeout.Token);
        }
        while (dropped.Apps.Single().Services.Single().Destinations.Count != 1);

        // The gateway process confirmed in milliseconds; this reader has not: the replica drains but runs on.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(scale.IsCompleted);
        var draining = (await apps.ReplicasAsync("drained")).Single(r => r["state"]!.GetValue<string>() == "Terminating");
        var pid = draining["processId"]!.GetValue<int>();
        Assert.True(IsRunning(pid));

        // A table from before the drop is not enough; the one without the replica is.
        using (var old = await http.PostAsync(GatewayInternalApi.AppliedPath, JsonContent.Create(new { stream = id, version = stale.Version })))
        {
            Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(scale.IsCompleted);
        using (var current = await http.PostAsync(GatewayInternalApi.AppliedPath, JsonContent.Create(new { stream = id, version = dropped.Version })))
        {
            Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        }

        await scale.WaitAsync(timeout.Token);
        Assert.False(IsRunning(pid));
        Assert.NotEqual(pid, Assert.Single(await apps.ReadyPidsAsync("drained")));
    }

    [Fact]
    public async Task In_flight_reports_from_the_gateway_process_drive_the_autoscaler()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("busy", "hi", replicas: 1, caas: "caas:\n  autoscale: { min: 1, max: 2, targetInFlight: 1 }");
        Assert.Single(await apps.ReadyPidsAsync("busy"));
        var before = await GatewayModes.RelayedAsync(host);

        // Four requests in flight at all times, all on the gateway process's fast path.
        await using (var load = LoadRun.Start(apps.Url("busy", "slow?ms=200"), loops: 4))
        {
            var waited = Stopwatch.StartNew();
            while ((await apps.ReadyPidsAsync("busy")).Count < 2 && waited.Elapsed < Bound)
            {
                await Task.Delay(200);
            }

            output.WriteLine($"second replica after {waited.ElapsedMilliseconds} ms; {load.Summary()}");
        }

        Assert.Equal(2, (await apps.ReadyPidsAsync("busy")).Count);
        Assert.True(await GatewayModes.RelayedAsync(host) > before + 4);
    }

    [Fact]
    public async Task Gateway_process_killed_with_sigkill_is_restarted_and_serves_again_while_the_host_stays_up()
    {
        await using var host = await GatewayModes.StartWebAsync(_root, GatewayMode.Process);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("phoenix", "hi", replicas: 1);
        var supervisor = host.Services.GetRequiredService<GatewayProcessSupervisor>();
        var victim = supervisor.ProcessId!.Value;
        var starts = supervisor.Starts;
        using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal("hi from revision 1", await fresh.GetStringAsync(apps.Url("phoenix")));

        Process.GetProcessById(victim).Kill(); // SIGKILL
        var waited = Stopwatch.StartNew();
        string? answer = null;
        while (waited.Elapsed < Bound)
        {
            await Task.Delay(100);
            if (supervisor.ProcessId is not { } pid || pid == victim)
            {
                continue;
            }

            try
            {
                answer = await fresh.GetStringAsync(apps.Url("phoenix"));
                break;
            }
            catch (HttpRequestException)
            {
                // The new process is not listening yet.
            }
        }

        output.WriteLine($"gateway {victim} killed; {supervisor.ProcessId} serving after {waited.ElapsedMilliseconds} ms");
        Assert.Equal("hi from revision 1", answer);
        Assert.Equal(starts + 1, supervisor.Starts);
        Assert.NotEqual(victim, supervisor.ProcessId);
        Assert.Equal(HttpStatusCode.OK, (await fresh.SendAsync(host.AdminRequest(HttpMethod.Get, "/api/apps"))).StatusCode);
    }

    [Fact]
    public async Task Gateway_process_exits_when_the_process_holding_its_stdin_dies()
    {
        // The host's pipe to the gateway's standard input, played by a FIFO whose writer is a shell
        // killed with SIGKILL: what the gateway sees when its host dies, however it dies.
        var fifo = _root.Combine("stdin");
        Assert.Equal(0, await RunAsync("mkfifo", fifo));
        var port = LoopbackPorts.Free();
        var gatewayDll = Path.Combine(AppContext.BaseDirectory, "Strata.Gateway.dll");
        var gatewayStart = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "exec \"$0\" \"$1\" --listen \"$2\" --host \"$3\" --watch-stdin < \"$4\"", DotnetHost(), gatewayDll, $"http://127.0.0.1:{port}", $"http://127.0.0.1:{LoopbackPorts.Free()}", fifo])
        {
            gatewayStart.ArgumentList.Add(argument);
        }

        gatewayStart.Environment[GatewayProcessCommand.TokenVariable] = "test-token";
        using var gateway = Process.Start(gatewayStart)!;
        using var holder = Process.Start(new ProcessStartInfo("sh", ["-c", "exec 3> \"$0\"; exec sleep 600", fifo]))!;
        try
        {
            var waited = Stopwatch.StartNew();
            while (!await AcceptsAsync(port) && waited.Elapsed < Bound && !gateway.HasExited)
            {
                await Task.Delay(100);
            }

            Assert.True(await AcceptsAsync(port), $"the gateway never listened on {port}: {(gateway.HasExited ? await gateway.StandardError.ReadToEndAsync() : "still running")}");
            Assert.False(gateway.HasExited);

            holder.Kill();
            using var exit = new CancellationTokenSource(Bound);
            await gateway.WaitForExitAsync(exit.Token);
            Assert.Equal(0, gateway.ExitCode);
            Assert.False(await AcceptsAsync(port));
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill();
            }

            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }

    [Theory]
    [InlineData(2, "error: --listen needs the public address", "--listen", "ftp://nowhere")]
    [InlineData(2, "error: unknown argument '--port'", "--port", "80")]
    [InlineData(1, "Strata:Gateway:LoadBalancing is 'Fastest'", "--listen", "http://127.0.0.1:0", "--host", "http://127.0.0.1:1", "--Strata:Gateway:LoadBalancing=Fastest")]
    public async Task Gateway_program_refuses_bad_arguments_and_options_with_one_line_naming_the_fix(int exitCode, string error, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Strata.Gateway.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[GatewayProcessCommand.TokenVariable] = "test-token";
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        using var exit = new CancellationTokenSource(Bound);
        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(exitCode, process.ExitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Process_mode_without_the_gateway_program_fails_host_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GatewayModes.StartAsync(
            _root, GatewayMode.Process, new Dictionary<string, string?> { ["Strata:Gateway:ProcessPath"] = _root.Combine("missing", "Strata.Gateway.dll") }));

        Assert.Contains("Strata:Gateway:Mode is Process, but the gateway program", error.Message, StringComparison.Ordinal);
        Assert.Contains("Strata:Gateway:ProcessPath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    private static Uri InternalAddress(TestHost host) =>
        new(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    // A client of the internal listener, as the gateway process is: each connection starts with PROXY UNKNOWN.
    private static HttpClient InternalClient(TestHost host) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync("PROXY UNKNOWN\r\n"u8.ToArray(), cancellationToken);
            return stream;
        },
    })
    { BaseAddress = InternalAddress(host), Timeout = Bound };

    private static async Task<GatewayTableSnapshot> NextSnapshotAsync(StreamReader lines, CancellationToken cancellationToken)
    {
        var line = await lines.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("the table stream ended");
        return JsonSerializer.Deserialize<GatewayTableSnapshot>(line, GatewayInternalApi.Json)!;
    }

    private static string ChunkedEcho(string path) =>
        $"POST {path} HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n";

    private static async Task<Dictionary<string, string?>> EchoChunkedAsync(HttpClient http, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("hello") };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string?>>())!;
    }

    // Sends bytes as they are and reads until the server closes (bounded).
    private static async Task<string> RawAsync(Uri address, string sent)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(Bound);
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(sent), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static bool IsRunning(int pid)
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

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<int> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments))!;
        using var timeout = new CancellationTokenSource(Bound);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
