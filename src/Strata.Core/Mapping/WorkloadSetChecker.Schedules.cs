using Strata.Workloads;

namespace Strata.Core.Mapping;

// Scheduled requests: what every runtime needs of one. The cron expression itself is each runtime's to
// check, as each takes a different set of them (Local takes seconds, Kubernetes does not).
internal sealed partial class WorkloadSetChecker
{
    private void CheckSchedule(string path, ScheduledRequest schedule, IReadOnlyList<ServiceWorkload?> services)
    {
        if (string.IsNullOrWhiteSpace(schedule.Schedule))
        {
            Add($"{path}.schedule", "a cron expression is required, e.g. '*/5 * * * *'");
        }

        if (schedule.Path is null || !schedule.Path.StartsWith('/'))
        {
            Add($"{path}.path", $"the path must start with '/', got '{schedule.Path}'");
        }

        if (string.IsNullOrEmpty(schedule.Method) || !schedule.Method.All(c => char.IsAsciiLetterUpper(c)))
        {
            Add($"{path}.method", $"the method must be an HTTP method in capitals such as POST or GET, got '{schedule.Method}'");
        }

        if (schedule.TimeoutSeconds < 1)
        {
            Add($"{path}.timeoutSeconds", $"timeoutSeconds must be 1 or more, got {schedule.TimeoutSeconds}");
        }

        foreach (var header in (schedule.Headers ?? new Dictionary<string, string>()).Keys)
        {
            if (header.Length == 0 || !header.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                Add($"{path}.headers.{header}", "a header name has letters, digits, '-' and '_' only");
            }
        }

        var service = services.FirstOrDefault(s => s?.Name == schedule.Service);
        if (service is null && IsShared(schedule.Service))
        {
            return;
        }

        if (service is null)
        {
            Add($"{path}.service", $"there is no service named '{schedule.Service}'; expected one of {Join(services.Select(s => s?.Name).OfType<string>())}");
            return;
        }

        var ports = (service.Ports ?? []).Select(p => p?.Name).OfType<string>().ToList();
        if (!ports.Contains(schedule.Port, StringComparer.Ordinal))
        {
            Add($"{path}.port", $"service '{service.Name}' has no port named '{schedule.Port}'; expected one of {Join(ports)}");
        }
    }
}
