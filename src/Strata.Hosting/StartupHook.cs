using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strata.Hosting;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook outside any namespace.

/// <summary>
/// Loaded by <c>DOTNET_STARTUP_HOOKS</c> into an ASP.NET Core app that does not reference Strata.Hosting
/// itself, when the Local runtime offers the app its service's socket. The generic host announces each
/// host it builds on its <c>Microsoft.Extensions.Hosting</c> diagnostic source (<c>HostBuilding</c>, with
/// the builder, before the service provider exists: the hook EF Core's and dotnet-monitor's tools use);
/// for the first one that runs a web server this adds what
/// <see cref="StrataHostingExtensions.UseStrataServiceListener"/> adds. It also takes itself out of the
/// environment, so the app's own child processes do not load it.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the .NET host before the app's <c>Main</c>.</summary>
    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly.Location;
        var hooks = Environment.GetEnvironmentVariable("DOTNET_STARTUP_HOOKS");
        if (!string.IsNullOrEmpty(hooks))
        {
            var others = string.Join(Path.PathSeparator, hooks.Split(Path.PathSeparator).Where(h => !string.Equals(h, self, StringComparison.Ordinal)));
            Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", others.Length > 0 ? others : null);
        }

        DiagnosticListener.AllListeners.Subscribe(new Sources());
    }

    private sealed class Sources : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(new HostEvents());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class HostEvents : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "HostBuilding")
            {
                return;
            }

            // HostApplicationBuilder (WebApplication.CreateBuilder and CreateSlimBuilder) or IHostBuilder
            // (Host.CreateDefaultBuilder): only a host with a web server, and only once.
            switch (value.Value)
            {
                case HostApplicationBuilder builder when builder.Services.Any(d => d.ServiceType == typeof(IServer)):
                    if (StrataHostingExtensions.TakeSettings() is { } settings)
                    {
                        StrataHostingExtensions.Add(builder.Services, settings);
                    }

                    break;
                case IHostBuilder builder:
                    builder.ConfigureServices(services =>
                    {
                        if (services.Any(d => d.ServiceType == typeof(IServer)) && StrataHostingExtensions.TakeSettings() is { } settings)
                        {
                            StrataHostingExtensions.Add(services, settings);
                        }
                    });
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
