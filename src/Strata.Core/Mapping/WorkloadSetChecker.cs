using Strata.Core.Naming;
using Strata.Validation;
using Strata.Workloads;

namespace Strata.Core.Mapping;

/// <summary>
/// The rules a mapped <see cref="WorkloadSet"/> must follow before a runtime gets it. It reads the set
/// defensively (a vertical may hand back nulls despite the annotations) and never throws.
/// </summary>
internal sealed partial class WorkloadSetChecker(WorkloadSet set)
{
    // Kubernetes limits named ports to 15 characters (IANA service names).
    private const int MaxPortNameLength = 15;

    private readonly List<ValidationProblem> _problems = [];

    public IReadOnlyList<ValidationProblem> Run()
    {
        var services = set.Services ?? [];
        var jobs = set.Jobs ?? [];
        var routes = set.Routes ?? [];
        var envSets = new HashSet<string>(
            (set.Config ?? []).Select(c => c?.Name).Concat((set.Secrets ?? []).Select(s => s?.Name)).OfType<string>(),
            StringComparer.Ordinal);

        CheckNames("services", services.Select(s => s?.Name).ToList());
        CheckNames("jobs", jobs.Select(j => j?.Name).ToList());
        CheckNames("routes", routes.Select(r => r?.Name).ToList());
        CheckNames("config", (set.Config ?? []).Select(c => c?.Name).ToList());
        CheckNames("secrets", (set.Secrets ?? []).Select(s => s?.Name).ToList());
        CheckNames("volumes", (set.Volumes ?? []).Select(v => v?.Name).ToList());
        CheckVolumes(set.Volumes ?? []);
        var volumes = (set.Volumes ?? []).Select(v => v?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        CheckNames("schedules", (set.Schedules ?? []).Select(s => s?.Name).ToList());
        CheckSharedServices(services);

        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { } service)
            {
                CheckService($"services[{i}]", service, envSets);
                CheckMounts($"services[{i}]", service.Volumes, volumes);
            }
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i] is { } job)
            {
                CheckJob($"jobs[{i}]", job, envSets);
                CheckMounts($"jobs[{i}]", job.Volumes, volumes);
            }
        }

        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i] is { } route)
            {
                CheckRoute($"routes[{i}]", route, services);
            }
        }

        var schedules = set.Schedules ?? [];
        for (var i = 0; i < schedules.Count; i++)
        {
            if (schedules[i] is { } schedule)
            {
                CheckSchedule($"schedules[{i}]", schedule, services);
            }
        }

        return _problems;
    }

    private void Add(string path, string message) => _problems.Add(new ValidationProblem(path, message));

    private void CheckNames(string kind, List<string?> names)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var path = $"{kind}[{i}]";
            if (names[i] is not { } name)
            {
                // Either the entry or its name is missing; both leave nothing to deploy.
                Add($"{path}.name", "a name is required");
                continue;
            }

            if (StrataNames.CheckDnsLabel(name) is { } problem)
            {
                Add($"{path}.name", problem);
            }
            else if (!first.TryAdd(name, i))
            {
                Add($"{path}.name", $"'{name}' is already the name of {kind}[{first[name]}]; names must be unique within {kind}");
            }
        }
    }

    private void CheckService(string path, ServiceWorkload service, HashSet<string> envSets)
    {
        if (service.Replicas < 0)
        {
            Add($"{path}.replicas", $"replicas must be 0 or more, got {service.Replicas}");
        }

        CheckPorts(path, service.Ports ?? []);
        var portNames = (service.Ports ?? []).Select(p => p?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        CheckProbe($"{path}.readiness", service.Readiness, portNames);
        CheckProbe($"{path}.liveness", service.Liveness, portNames);

        if (service.Autoscale is { } autoscale)
        {
            if (autoscale.Min < 0)
            {
                Add($"{path}.autoscale.min", $"min must be 0 or more, got {autoscale.Min}");
            }

            if (autoscale.Max < 1 || autoscale.Max < autoscale.Min)
            {
                Add($"{path}.autoscale.max", $"max must be at least 1 and at least min ({autoscale.Min}), got {autoscale.Max}");
            }

            if (autoscale.TargetInFlight < 1)
            {
                Add($"{path}.autoscale.targetInFlight", $"targetInFlight must be 1 or more, got {autoscale.TargetInFlight}");
            }
        }

        CheckEnv(path, service.Env, service.EnvFrom, envSets);
    }

    private void CheckJob(string path, JobWorkload job, HashSet<string> envSets)
    {
        if (job.Completions < 1)
        {
            Add($"{path}.completions", $"completions must be 1 or more, got {job.Completions}");
        }

        if (job.Parallelism < 1)
        {
            Add($"{path}.parallelism", $"parallelism must be 1 or more, got {job.Parallelism}");
        }

        if (job.BackoffLimit < 0)
        {
            Add($"{path}.backoffLimit", $"backoffLimit must be 0 or more, got {job.BackoffLimit}");
        }

        if (job.ActiveDeadlineSeconds < 1)
        {
            Add($"{path}.activeDeadlineSeconds", $"activeDeadlineSeconds must be 1 or more when set, got {job.ActiveDeadlineSeconds}");
        }

        CheckEnv(path, job.Env, job.EnvFrom, envSets);
    }

    private void CheckPorts(string path, IReadOnlyList<ServicePort?> ports)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < ports.Count; j++)
        {
            var portPath = $"{path}.ports[{j}]";
            if (ports[j] is not { } port)
            {
                Add(portPath, "a port is required here (remove the empty entry)");
                continue;
            }

            if (port.Port is < 1 or > 65535)
            {
                Add($"{portPath}.port", $"port must be from 1 to 65535, got {port.Port}");
            }

            if (StrataNames.CheckDnsLabel(port.Name) is { } problem)
            {
                Add($"{portPath}.name", problem);
            }
            else if (port.Name.Length > MaxPortNameLength)
            {
                Add($"{portPath}.name", $"'{port.Name}' is longer than {MaxPortNameLength} characters, the limit for port names on Kubernetes");
            }
            else if (!first.TryAdd(port.Name, j))
            {
                Add($"{portPath}.name", $"'{port.Name}' is already the name of ports[{first[port.Name]}]; port names must be unique within a service");
            }
        }
    }

    private void CheckProbe(string path, HttpProbe? probe, HashSet<string> portNames)
    {
        if (probe is null)
        {
            return;
        }

        if (probe.Path is null || !probe.Path.StartsWith('/'))
        {
            Add($"{path}.path", $"the probe path must start with '/', got '{probe.Path}'");
        }

        if (!portNames.Contains(probe.Port ?? ""))
        {
            Add($"{path}.port", $"the service has no port named '{probe.Port}'; expected one of {Join(portNames)}");
        }
    }

    private void CheckEnv(string path, IReadOnlyDictionary<string, string>? env, IReadOnlyList<string>? envFrom, HashSet<string> envSets)
    {
        foreach (var name in (env ?? new Dictionary<string, string>()).Keys)
        {
            if (!EnvironmentVariableNames.IsValid(name))
            {
                Add($"{path}.env.{name}", EnvironmentVariableNames.Explain(name));
            }
        }

        var from = envFrom ?? [];
        for (var j = 0; j < from.Count; j++)
        {
            if (from[j] is not { } setName || !envSets.Contains(setName))
            {
                Add($"{path}.envFrom[{j}]", $"there is no config or secret set named '{from[j]}'; expected one of {Join(envSets)}");
            }
        }
    }

    private void CheckVolumes(IReadOnlyList<PersistentVolume?> volumes)
    {
        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i] is { } volume && !Manifest.KubernetesQuantity.IsValid(volume.Size ?? ""))
            {
                Add($"volumes[{i}].size", $"'{volume.Size}' is not a storage size; use a Kubernetes quantity such as '512Mi' or '10Gi'");
            }

            if (volumes[i] is { } accessed && !Enum.IsDefined(accessed.Access))
            {
                Add($"volumes[{i}].access", $"'{accessed.Access}' is not a volume access mode; expected ReadWriteOnce or ReadWriteMany");
            }
        }
    }

    private void CheckMounts(string path, IReadOnlyList<VolumeMount?>? mounts, HashSet<string> volumes)
    {
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = mounts ?? [];
        for (var j = 0; j < list.Count; j++)
        {
            var mountPath = $"{path}.volumes[{j}]";
            if (list[j] is not { } mount)
            {
                Add(mountPath, "a volume mount is required here (remove the empty entry)");
                continue;
            }

            if (mount.Volume is null || !volumes.Contains(mount.Volume))
            {
                Add($"{mountPath}.volume", $"there is no volume named '{mount.Volume}'; expected one of {Join(volumes)}");
            }

            if (mount.Path is null || !mount.Path.StartsWith('/') || mount.Path.Split('/').Contains(".."))
            {
                Add($"{mountPath}.path", $"the mount path must be absolute and stay inside it (no '..'), got '{mount.Path}'");
            }
            else if (!paths.TryAdd(mount.Path.TrimEnd('/'), j))
            {
                Add($"{mountPath}.path", $"'{mount.Path}' is already the path of volumes[{paths[mount.Path.TrimEnd('/')]}]; mount each path once");
            }
        }
    }

    private void CheckRoute(string path, Route route, IReadOnlyList<ServiceWorkload?> services)
    {
        if (route.PathPrefix is null || !route.PathPrefix.StartsWith('/'))
        {
            Add($"{path}.pathPrefix", $"the path prefix must start with '/', got '{route.PathPrefix}'");
        }

        var service = services.FirstOrDefault(s => s?.Name == route.Service);
        if (service is null && IsShared(route.Service))
        {
            // The other app's ports are the runtime's to check: this set does not know them.
            return;
        }

        if (service is null)
        {
            var names = services.Select(s => s?.Name).OfType<string>();
            Add($"{path}.service", $"there is no service named '{route.Service}'; expected one of {Join(names)}");
            return;
        }

        var ports = (service.Ports ?? []).Select(p => p?.Name).OfType<string>().ToList();
        if (!ports.Contains(route.Port, StringComparer.Ordinal))
        {
            Add($"{path}.port", $"service '{service.Name}' has no port named '{route.Port}'; expected one of {Join(ports)}");
        }
    }

    private static string Join(IEnumerable<string> names)
    {
        var list = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => $"'{n}'").ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
