using System.Globalization;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Hosting.Listening;

namespace Strata.Hosting;

/// <summary>Hooks for apps that Strata runs.</summary>
public static class StrataHostingExtensions
{
    /// <summary>
    /// On Strata's Local runtime, lets this app accept its service's connections itself once it is ready
    /// (<see cref="ServiceListenerProtocol"/>): callers through the service's address reach it with no
    /// proxy in between. Requests are also counted for the runtime's autoscaler and idle timer. Where
    /// the runtime does not offer it (no <see cref="ServiceListenerProtocol.BrokerVariable"/>, other
    /// runtimes, not Linux) this does nothing.
    /// </summary>
    public static IWebHostBuilder UseStrataServiceListener(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return TakeSettings() is { } settings ? builder.ConfigureServices(services => Add(services, settings)) : builder;
    }

    /// <summary>The runtime's offer, taken once (null when there is none).</summary>
    internal static (ServiceListenerLink.Settings Link, int? PrimaryPort)? TakeSettings()
    {
        var broker = Environment.GetEnvironmentVariable(ServiceListenerProtocol.BrokerVariable);
        var token = Environment.GetEnvironmentVariable(ServiceListenerProtocol.TokenVariable);
        if (string.IsNullOrEmpty(broker) || string.IsNullOrEmpty(token) || !OperatingSystem.IsLinux())
        {
            return null;
        }

        // Taken once: a second call (the app's own after the runtime's hook) does nothing, and a process
        // the app starts does not present this replica's secret as its own.
        Environment.SetEnvironmentVariable(ServiceListenerProtocol.BrokerVariable, null);
        Environment.SetEnvironmentVariable(ServiceListenerProtocol.TokenVariable, null);
        int? primaryPort = int.TryParse(Environment.GetEnvironmentVariable("PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        return (new ServiceListenerLink.Settings(broker, token), primaryPort);
    }

    /// <summary>Registers the link, the counting and the sharing transport in an app's services.</summary>
    internal static void Add(IServiceCollection services, (ServiceListenerLink.Settings Link, int? PrimaryPort) settings)
    {
        services.AddSingleton(settings.Link);
        services.AddSingleton<SharedListener>();
        services.AddSingleton<RequestCounter>();
        services.AddTransient<IStartupFilter, RequestCounter.StartupFilter>();
        services.AddHostedService<ServiceListenerLink>();

        // Kestrel takes the last registered transport that can bind an endpoint; Kestrel's own sockets
        // transport is added with TryAdd, so once this one is registered it is the only one.
        services.RemoveAll<IConnectionListenerFactory>();
        services.AddSingleton<IConnectionListenerFactory>(provider => new SharingTransportFactory(
            provider.GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>(),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<SharedListener>(),
            settings.PrimaryPort));
    }
}
