using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Telemetry;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// The gateway process (<c>src/Strata.Gateway</c> calls <see cref="RunAsync"/>): Kestrel on the public
/// address with nothing but the fast path, every other connection spliced to the host; no plugin, no
/// API, no YARP. The host starts it with
/// <c>--listen &lt;public url&gt; --host &lt;internal url&gt; --watch-stdin</c>, the gateway options as
/// <c>--Strata:Gateway:*=…</c>, the token in <c>STRATA_GATEWAY_TOKEN</c> and
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>.
/// </summary>
internal static class GatewayProcessProgram
{
    private static readonly TimeSpan FirstTableWait = TimeSpan.FromSeconds(10);

    /// <summary>Runs the gateway until it is stopped (SIGTERM, Ctrl+C, or the end of its standard input with <c>--watch-stdin</c>).</summary>
    /// <returns>0 after a clean stop; 2 for bad arguments, 1 for bad options or a port it cannot listen on, with one line on standard error saying which.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } parsed)
        {
            return 2;
        }

        var (listen, host, watchStdin, token, rest) = parsed;
        var hostEndPoint = await HostEndPointAsync(host).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Standard output carries only the ready line the host waits for; logs go to standard error, which the host logs.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(_ =>
            {
                var services = endpoint.ApplicationServices;
                var fastPath = services.GetRequiredService<GatewayConnectionHandler>();
                var splice = services.GetRequiredService<GatewaySplice>();
                return connection => fastPath.OnConnectionAsync(connection, splice.SpliceAsync);
            }));
        });

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidation>();
        services.AddOptions<SocketTransportOptions>()
            .Configure<IOptions<GatewayOptions>>((sockets, gateway) => sockets.UnsafePreferInlineScheduling = gateway.Value.InlineScheduling);
        services.AddSingleton(sp => new GatewayInFlightCounters(sp.GetRequiredService<GatewayMetrics>()));
        services.AddSingleton<IGatewayTraffic>(sp => sp.GetRequiredService<GatewayInFlightCounters>());
        services.AddSingleton(sp => new GatewayHostLink(host, token, sp.GetRequiredService<GatewayInFlightCounters>(), sp.GetRequiredService<ILogger<GatewayHostLink>>()));
        services.AddSingleton<IGatewayTableSource>(sp => sp.GetRequiredService<GatewayHostLink>());
        services.AddHostedService(sp => sp.GetRequiredService<GatewayHostLink>());
        // Nobody collects metrics in this process: the fast path counts answers (no durations) for the reports to the host.
        services.AddSingleton(sp => GatewayMetrics.ForGatewayProcess(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<GatewayConnectionHandler>();
        services.AddSingleton(sp => new GatewaySplice(hostEndPoint, sp.GetRequiredService<ILogger<GatewaySplice>>()));

        WebApplication? built = null;
        try
        {
            built = builder.Build();
            await built.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OptionsValidationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"error: the gateway could not start on {listen}: {ex.Message}").ConfigureAwait(false);
            if (built is not null)
            {
                await built.DisposeAsync().ConfigureAwait(false);
            }

            return 1;
        }

        await using var app = built;
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (watchStdin)
        {
            _ = Task.Run(() => WatchStandardInputAsync(lifetime));
        }

        // Serving before the first table would splice every request to the host: right, but slower.
        await Task.WhenAny(app.Services.GetRequiredService<GatewayHostLink>().FirstTable, Task.Delay(FirstTableWait)).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.Out.WriteLine(GatewayProcessSupervisor.ReadyLine + address);
        Console.Out.Flush();
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    // The host holds the other end of the pipe: when it exits, however it exits, the read ends.
    private static async Task WatchStandardInputAsync(IHostApplicationLifetime lifetime)
    {
        var buffer = new byte[256];
        try
        {
            await using var input = Console.OpenStandardInput();
            while (await input.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Broken pipe: the same as its end.
        }

        lifetime.StopApplication();
    }

    private static async Task<EndPoint> HostEndPointAsync(Uri host)
    {
        if (IPAddress.TryParse(host.Host.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, host.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host.DnsSafeHost).ConfigureAwait(false);
        return new IPEndPoint(addresses[0], host.Port);
    }

    private static (string Listen, Uri Host, bool WatchStdin, string Token, string[] Settings)? Parse(string[] args)
    {
        string? listen = null, host = null;
        var watchStdin = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--listen" when i + 1 < args.Length:
                    listen = args[++i];
                    break;
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--watch-stdin":
                    watchStdin = true;
                    break;
                default:
                    if (!args[i].StartsWith("--Strata:Gateway:", StringComparison.Ordinal))
                    {
                        return Fail($"unknown argument '{args[i]}'");
                    }

                    rest.Add(args[i]);
                    break;
            }
        }

        if (listen is null || !Uri.TryCreate(listen, UriKind.Absolute, out var listenUri) || listenUri.Scheme != Uri.UriSchemeHttp)
        {
            return Fail("--listen needs the public address, e.g. http://127.0.0.1:5480");
        }

        if (host is null || !Uri.TryCreate(host, UriKind.Absolute, out var hostUri) || hostUri.Scheme != Uri.UriSchemeHttp)
        {
            return Fail("--host needs the host's internal address, e.g. http://127.0.0.1:41234");
        }

        var token = Environment.GetEnvironmentVariable(GatewayProcessCommand.TokenVariable);
        if (string.IsNullOrEmpty(token))
        {
            return Fail($"{GatewayProcessCommand.TokenVariable} must carry the token the host gave this gateway");
        }

        return (listen, hostUri, watchStdin, token, [.. rest]);

        static (string, Uri, bool, string, string[])? Fail(string problem)
        {
            Console.Error.WriteLine($"error: {problem}. Usage: Strata.Gateway --listen <public url> --host <host's internal url> [--watch-stdin] [--Strata:Gateway:<option>=<value>…]; the Strata host starts it in gateway mode Process.");
            return null;
        }
    }
}
