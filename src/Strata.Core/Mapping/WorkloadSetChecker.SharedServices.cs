using Strata.Core.Naming;
using Strata.Workloads;

namespace Strata.Core.Mapping;

// Shared services: names the app's routes and schedules may use like its own services'.
internal sealed partial class WorkloadSetChecker
{
    private bool IsShared(string? name) => (set.SharedServices ?? []).Any(s => s is not null && s.Name == name);

    private void CheckSharedServices(IReadOnlyList<ServiceWorkload?> services)
    {
        var shared = set.SharedServices ?? [];
        CheckNames("sharedServices", shared.Select(s => s?.Name).ToList());
        for (var i = 0; i < shared.Count; i++)
        {
            if (shared[i] is not { } entry)
            {
                continue;
            }

            var path = $"sharedServices[{i}]";
            if (services.Any(s => s?.Name == entry.Name))
            {
                Add($"{path}.name", $"'{entry.Name}' is already the name of one of the app's own services; a shared service needs a name of its own");
            }

            if (StrataNames.CheckDnsLabel(entry.App ?? "") is { } appProblem)
            {
                Add($"{path}.app", appProblem);
            }

            if (StrataNames.CheckDnsLabel(entry.Service ?? "") is { } serviceProblem)
            {
                Add($"{path}.service", serviceProblem);
            }

            if (entry.Contribution is { } contribution
                && (contribution.Length == 0 || Path.IsPathRooted(contribution) || contribution.Split('/', '\\').Any(p => p is ".." or "")))
            {
                Add($"{path}.contribution", $"must be a relative folder inside the artifact (e.g. 'functions/hello'), got '{contribution}'");
            }
        }
    }
}
