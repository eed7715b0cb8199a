using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Strata.Core;
using Strata.Core.Building;
using Strata.Core.Images;
using Strata.Core.Plugins;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Core.Templates;
using Strata.Discovery;
using Strata.Runtime.Kubernetes;
using Strata.Runtime.Local;
using Strata.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Strata.Server.Apps;
using Strata.Server.Auth;
using Strata.Server.Building;
using Strata.Server.Hosting;
using Strata.Server.Plugins;
using Strata.Server.Gateway;
using Strata.Server.Gateway.ProcessMode;
using Strata.Server.Rendering;
using Strata.Server.Runtimes;
using Strata.Server.Verticals;
using Strata.Storage;

namespace Strata.Server;

/// <summary>
/// Builds the Strata host: the control API at <c>/api</c>, each vertical's API at <c>/v/{vertical}</c>,
/// the gateway at <c>/apps/{vertical}/{app}</c>, and an OpenAPI document at <c>/openapi/v1.json</c>.
/// </summary>
public static class StrataServer
{
    /// <summary>
    /// Where clients reach a started host: the gateway process's address in gateway mode Process (the
    /// host's own listener is then internal), else the host's first listening address.
    /// </summary>
    /// <param name="app">A host from <see cref="Build"/>, started.</param>
    public static string PublicAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetService<GatewayProcessSupervisor>()?.PublicAddress?.GetLeftPart(UriPartial.Authority)
            ?? app.Urls.First();
    }

    /// <summary>Creates the host on the embedded default: the Local runtime and SQLite under the data folder.</summary>
    /// <param name="options">Where the host keeps its data, which plugins it loads, where it listens.</param>
    /// <param name="configure">Last-minute changes to the builder (logging, configuration) before it is built.</param>
    public static WebApplication Build(StrataServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.UseStrataGateway());
        });
        builder.Configuration.AddEnvironmentVariables("STRATA_");
        var layout = new DataLayout(options.DataDirectory);
        Directory.CreateDirectory(layout.Root);

        var services = builder.Services;
        var registry = RegistryFrom(options.Registry, builder.Configuration.GetSection("Strata:Registry").Get<RegistryOptions>() ?? new RegistryOptions());
        if (registry.Validate() is { Count: > 0 } problems)
        {
            throw new StrataException($"The registry settings are invalid: {string.Join(" ", problems)}", "Strata:Registry");
        }

        if (options.Containers && !registry.Enabled)
        {
            throw new StrataException("Running revisions as containers needs a registry to pull their images from; set Strata:Registry:Address (strata up --registry host:port).", "Strata:Registry:Address");
        }

        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(layout);
        services.AddSingleton(_ => StateStore.OpenAsync(layout.Database).GetAwaiter().GetResult());
        services.AddSingleton<ICaasRuntime>(sp => LocalRuntimeFor(sp, layout, options, registry));
        services.AddSingleton<Core.Discovery.IGatewayAddress, GatewayAddress>();
        services.AddSingleton(sp => new VerticalCatalog(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ILoggerFactory>(),
            (vertical, pluginServices) => AddPluginHostServices(sp, vertical, pluginServices)));
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<BuildRunner>();
        services.AddSingleton<AppDeployer>();
        services.AddSingleton(sp => KubernetesOptions(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Strata:Kubernetes").Get<KubernetesRuntimeOptions>() ?? new KubernetesRuntimeOptions());
        services.AddSingleton<IClusterInputs, RevisionClusterInputs>();
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton(sp => new AppRuntimes(sp.GetRequiredService<ICaasRuntime>(), sp.GetRequiredService<ClusterConnection>()));
        services.AddSingleton<AppRenderer>();
        services.AddSingleton<VerticalEndpointDataSource>();
        services.AddHostedService<StrataStartup>();
        services.AddOptions<BuildOptions>().BindConfiguration(BuildOptions.Section).ValidateOnStart();
        services.AddHostedService<CompilerServerStarter>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        services.AddStrataGateway();
        services.AddOptions<PluginsOptions>().BindConfiguration(PluginsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PluginsOptions>, PluginsOptionsValidation>());
        services.AddSingleton<PluginSources>();
        services.TryAddSingleton(TimeProvider.System);
        // Tokens are checked only where an endpoint's policy names the scheme: never a default scheme, so
        // the gateway's traffic (an app's own Authorization headers) is not looked at.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(StrataAuth.Scheme, null);
        services.AddAuthorization();
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<BootstrapAdminToken>();
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddSingleton<PluginInstaller>();
        services.AddStrataDashboard();
        configure?.Invoke(builder);
        services.AddStrataTelemetry(builder.Configuration);
        var processGateway = (builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions()).Mode == GatewayMode.Process;
        if (processGateway)
        {
            // The public address belongs to the gateway process; the host listens on loopback behind it.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            services.AddStrataGatewayProcess();
        }

        var app = builder.Build();
        _ = app.Services.GetRequiredService<KubernetesMappingOptions>();
        // Finds the cluster (or that there is none) and says so in the log when the host starts, not at the first deploy.
        _ = app.Services.GetRequiredService<ClusterConnection>();
        app.UseExceptionHandler();
        // An app's own status codes pass through the gateway untouched; only the host's APIs answer with ProblemDetails.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(GatewayPaths.Apps), branch => branch.UseStatusCodePages());
        app.UseAuthorization();
        app.MapOpenApi();

        // Prometheus scrapes with a token too (its scrape config's bearer_token): the host's metrics are a read of everything.
        app.MapStrataMetrics().RequireScope(Core.Auth.TokenScope.Read, ScopeTarget.Host);

        // Every control API call needs a bearer token; each endpoint adds the scope it needs.
        var api = app.MapGroup("/api").RequireAuthorization(AuthEndpointExtensions.Authenticated);
        VerticalsApi.Map(api);
        AppsApi.Map(api);
        JobsApi.Map(api);
        RenderApi.Map(api);
        PluginsApi.Map(api);
        TokensApi.Map(api);
        app.MapStrataDashboard();
        ((IEndpointRouteBuilder)app).DataSources.Add(app.Services.GetRequiredService<VerticalEndpointDataSource>());
        app.MapStrataGateway();
        if (processGateway)
        {
            GatewayInternalApi.Map(app);
        }

        ClusterAppPointer.Map(app);
        return app;
    }

    /// <summary>
    /// <c>Strata:Kubernetes</c>, checked when the host is built: a render must not be the first to find
    /// that the Gateway API is on without a Gateway.
    /// </summary>
    // Timings (drain, deregistration, readiness, autoscaling, logs) come from Strata:LocalRuntime; the data
    // folder and containers are the host's.
    private static LocalRuntime LocalRuntimeFor(IServiceProvider services, DataLayout layout, StrataServerOptions options, RegistryOptions registry)
    {
        var settings = services.GetRequiredService<IConfiguration>().GetSection("Strata:LocalRuntime").Get<LocalRuntimeOptions>() ?? new LocalRuntimeOptions { DataDirectory = "" };
        settings = settings with
        {
            DataDirectory = layout.Runtime,
            Containers = options.Containers
                ? new ContainerOptions { InsecureRegistries = registry.PlainHttp ? [registry.Address!.Trim()] : [], AuthFile = PodmanAuthFile.Write(layout.Root, registry) }
                : null,
        };
        try
        {
            return new LocalRuntime(settings, services.GetRequiredService<ILoggerFactory>(), gatewayAddress: services.GetRequiredService<Core.Discovery.IGatewayAddress>());
        }
        catch (ArgumentException ex) when (ex.ParamName == "options")
        {
            throw new StrataException($"Strata:LocalRuntime is invalid: {ex.Message.Replace(" (Parameter 'options')", "", StringComparison.Ordinal)}", "Strata:LocalRuntime");
        }
    }

    private static KubernetesMappingOptions KubernetesOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection("Strata:Kubernetes").Get<KubernetesMappingOptions>() ?? new KubernetesMappingOptions();
        var problems = new List<string>();
        if (options.UseGatewayApi && string.IsNullOrEmpty(options.GatewayName))
        {
            problems.Add("Strata:Kubernetes:GatewayName is required when UseGatewayApi is true");
        }

        foreach (var (name, value) in new[] { ("IngressNamespace", options.IngressNamespace), ("HostNamespace", options.HostNamespace) })
        {
            if (Core.Naming.StrataNames.CheckDnsLabel(value) is { } problem)
            {
                problems.Add($"Strata:Kubernetes:{name}: {problem}");
            }
        }

        return problems.Count == 0
            ? options
            : throw new Core.StrataException($"Invalid Kubernetes options: {string.Join("; ", problems)}.", "Strata:Kubernetes");
    }

    private static void AddPluginHostServices(IServiceProvider host, string vertical, IServiceCollection services)
    {
        // A plugin gets host services by instance, never the host's container itself: generic services
        // closed over plugin types would otherwise be cached in the host and pin the plugin in memory.
        services.AddSingleton(host.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(host.GetRequiredService<IConfiguration>());
        services.AddSingleton<IServiceEndpoints>(new VerticalServiceEndpoints(vertical, host.GetRequiredService<AppRuntimes>(), host.GetRequiredService<StateStore>()));
        services.AddSingleton<IAppVolumes>(new VerticalAppVolumes(vertical, host.GetRequiredService<AppRuntimes>()));
        services.AddSingleton<Deployment.IAppControl>(new VerticalAppControl(vertical, host));
        services.AddSingleton(TimeProvider.System);
        services.AddOptions();
        services.AddHttpClient();
    }

    /// <summary>
    /// The registry of the options (<c>strata up --registry</c>) when they name one, else the configured
    /// one. Credentials never come from the command line (it shows in the process list): with
    /// <c>--registry</c> they are taken from <c>Strata:Registry:Username</c> and <c>Password</c> of the
    /// configuration, when it names no other registry.
    /// </summary>
    private static RegistryOptions RegistryFrom(RegistryOptions given, RegistryOptions configured)
    {
        if (!given.Enabled)
        {
            return configured;
        }

        var sameRegistry = !configured.Enabled || string.Equals(configured.Address!.Trim(), given.Address!.Trim(), StringComparison.OrdinalIgnoreCase);
        return string.IsNullOrEmpty(given.Username) && sameRegistry
            ? given with { Username = configured.Username, Password = configured.Password }
            : given;
    }
}
