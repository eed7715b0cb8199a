using System.Globalization;
using Strata.Core.Discovery;
using Strata.Workloads;

namespace Strata.Runtime.Local.Replicas;

/// <summary>The environment of a replica process.</summary>
internal static class ReplicaEnvironment
{
    /// <summary>
    /// Layers, later wins: discovery keys, the entries of the service's <c>EnvFrom</c> config and secret
    /// sets, the service's own <c>Env</c>; then the runtime's volume folders (<c>STRATA_VOLUME_*</c>) and listening settings (<c>PORT</c>,
    /// <c>ASPNETCORE_URLS</c>, <c>PORT_&lt;NAME&gt;</c> for further ports), which must win because the
    /// load balancer only reaches a replica on the port it was given.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(ReplicaTemplate template, string host, IReadOnlyDictionary<string, int> ports)
    {
        var primary = ports[template.Ports[0].Name];
        var env = new Dictionary<string, string>(
            DiscoveryEnvironment.Build(template.Revision, template.Workloads, template.ServiceUri, primary, template.UsedAppUri),
            StringComparer.Ordinal);

        foreach (var setName in template.Service.EnvFrom)
        {
            var data = template.Workloads.Config.FirstOrDefault(c => c.Name == setName)?.Data
                ?? template.Workloads.Secrets.FirstOrDefault(s => s.Name == setName)?.Data;
            foreach (var (key, value) in data ?? new Dictionary<string, string>())
            {
                env[key] = value;
            }
        }

        foreach (var (key, value) in template.Service.Env.Concat(template.VolumeEnvironment))
        {
            env[key] = value;
        }

        var port = primary.ToString(CultureInfo.InvariantCulture);
        env[DiscoveryEnvironment.PortKey] = port;
        env["ASPNETCORE_URLS"] = $"http://{host}:{port}";
        foreach (var servicePort in template.Ports.Skip(1))
        {
            env[$"PORT_{servicePort.Name.ToUpperInvariant().Replace('-', '_')}"] =
                ports[servicePort.Name].ToString(CultureInfo.InvariantCulture);
        }

        return env;
    }

    /// <summary>
    /// Inherited variables that would make a .NET replica listen elsewhere than told (container base
    /// images set <c>ASPNETCORE_HTTP_PORTS</c>); they are removed from what the host passes on.
    /// </summary>
    public static IReadOnlyList<string> Conflicting { get; } =
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "HTTP_PORTS", "HTTPS_PORTS"];
}
