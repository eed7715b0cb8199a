using System.Text.Json;
using Strata.Hosting;
using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Networking;

/// <summary>
/// Lets an ASP.NET Core app that does not reference Strata.Hosting take its service's connections all
/// the same, the way diagnostics tools attach to an app without code: <c>DOTNET_STARTUP_HOOKS</c> loads
/// the runtime's own Strata.Hosting into the replica, whose <c>StartupHook</c> adds what
/// <see cref="StrataHostingExtensions.UseStrataServiceListener"/> adds as the app's web host is built.
/// Only where that is safe: <c>dotnet &lt;app&gt;.dll</c> whose runtimeconfig names ASP.NET Core
/// of at least this runtime's major version, and whose folder does not ship its own Strata.Hosting.
/// </summary>
internal static class ServiceListenerInjection
{
    private const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";
    private static readonly string HostingAssembly = typeof(ServiceListenerProtocol).Assembly.Location;
    private static readonly string HostingName = typeof(ServiceListenerProtocol).Assembly.GetName().Name!;

    /// <summary>Whether the service's environment turns the direct path down (<see cref="ServiceListenerProtocol.OptOutVariable"/>).</summary>
    public static bool OptedOut(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(ServiceListenerProtocol.OptOutVariable, out var value) && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The variables to add to <paramref name="environment"/> for <paramref name="launch"/>; none when it is not a case for it.</summary>
    public static IReadOnlyDictionary<string, string> For(LaunchCommand launch, IReadOnlyDictionary<string, string> environment)
    {
        if (launch.Container is not null || string.IsNullOrEmpty(HostingAssembly)
            || !string.Equals(Path.GetFileNameWithoutExtension(launch.Program), "dotnet", StringComparison.Ordinal)
            || launch.Arguments is not [var app, ..] || !app.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, string>();
        }

        var path = Path.IsPathRooted(app) ? app : Path.Combine(launch.WorkingDirectory ?? Environment.CurrentDirectory, app);
        var folder = Path.GetDirectoryName(path)!;
        if (File.Exists(Path.Combine(folder, HostingName + ".dll")) || !RunsOnAspNetCore(Path.ChangeExtension(path, ".runtimeconfig.json")))
        {
            return new Dictionary<string, string>();
        }

        return new Dictionary<string, string>
        {
            [StartupHooksVariable] = environment.TryGetValue(StartupHooksVariable, out var hooks) && hooks.Length > 0
                ? hooks + Path.PathSeparator + HostingAssembly
                : HostingAssembly,
        };
    }

    // runtimeOptions.framework(s): Microsoft.AspNetCore.App at this runtime's major version or later
    // (an older one could not load an assembly built for this one).
    private static bool RunsOnAspNetCore(string runtimeConfig)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(runtimeConfig));
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var options))
            {
                return false;
            }

            IEnumerable<JsonElement> frameworks = options.TryGetProperty("frameworks", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : options.TryGetProperty("framework", out var one) ? [one] : [];
            return frameworks.Any(f =>
                f.TryGetProperty("name", out var name) && name.GetString() == "Microsoft.AspNetCore.App"
                && f.TryGetProperty("version", out var version) && Version.TryParse(version.GetString()?.Split('-')[0], out var parsed)
                && parsed.Major >= Environment.Version.Major);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }
}
