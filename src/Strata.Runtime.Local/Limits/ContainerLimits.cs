using System.Globalization;
using Strata.Workloads;

namespace Strata.Runtime.Local.Limits;

/// <summary>
/// A service's limits as <c>podman run</c> arguments. A container's processes are children of
/// podman's conmon, not of the <c>podman run</c> client the runtime starts, so the limits must be
/// given to podman: a cgroup around the client would limit nothing that matters.
/// </summary>
internal static class ContainerLimits
{
    /// <summary>
    /// <c>--memory &lt;bytes&gt;</c> for the memory limit (or, without one, the request, as for
    /// processes) and <c>--cpus &lt;cores&gt;</c> for the CPU limit; nothing for what is unset or
    /// unparseable (the service's status notes the latter).
    /// </summary>
    public static IReadOnlyList<string> Arguments(ResourceRequirements? resources)
    {
        var arguments = new List<string>();
        if (ResourceQuantity.TryParseBytes(resources?.MemoryLimit ?? resources?.Memory, out var bytes))
        {
            arguments.Add("--memory");
            arguments.Add(bytes.ToString(CultureInfo.InvariantCulture));
        }

        if (ResourceQuantity.TryParseMillicores(resources?.CpuLimit, out var millicores))
        {
            arguments.Add("--cpus");
            arguments.Add((millicores / 1000m).ToString("0.###", CultureInfo.InvariantCulture));
        }

        return arguments;
    }
}
