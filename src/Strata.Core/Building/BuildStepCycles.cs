using Strata.Building;

namespace Strata.Core.Building;

/// <summary>Finds dependency cycles among build steps, for error messages.</summary>
internal static class BuildStepCycles
{
    /// <summary>
    /// One message per distinct cycle among <paramref name="steps"/> (each step's dependencies are
    /// all among them or already ordered), e.g. "steps form a cycle: a → b → c → a".
    /// </summary>
    public static IEnumerable<string> Find(IReadOnlyList<BuildStep> steps)
    {
        var byName = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var messages = new List<string>();
        foreach (var step in steps)
        {
            Visit(step, [], byName, finished, messages);
        }

        return messages;
    }

    private static void Visit(BuildStep step, List<string> path, Dictionary<string, BuildStep> byName, HashSet<string> finished, List<string> messages)
    {
        if (finished.Contains(step.Name))
        {
            return;
        }

        var index = path.IndexOf(step.Name);
        if (index >= 0)
        {
            messages.Add($"steps form a cycle: {string.Join(" → ", path[index..].Append(step.Name))}; remove one of these dependencies.");
            return;
        }

        path.Add(step.Name);
        foreach (var dependency in step.DependsOn)
        {
            if (byName.TryGetValue(dependency, out var next))
            {
                Visit(next, path, byName, finished, messages);
            }
        }

        path.RemoveAt(path.Count - 1);
        finished.Add(step.Name);
    }
}
