using Strata.Building;

namespace Strata.Core.Building;

/// <summary>
/// The build steps in the order they run: every step after the steps it depends on and, among the
/// steps ready at the same time, in declaration order, so that the order never varies between runs.
/// </summary>
public sealed class BuildPlan
{
    private BuildPlan(IReadOnlyList<BuildStep> steps) => Steps = steps;

    /// <summary>The steps in run order.</summary>
    public IReadOnlyList<BuildStep> Steps { get; }

    /// <summary>Orders <paramref name="steps"/>.</summary>
    /// <param name="steps">The steps, in declaration order.</param>
    /// <exception cref="StrataException">Listing every problem: bad or duplicate names, unknown dependencies, cycles.</exception>
    public static BuildPlan Create(IReadOnlyList<BuildStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var problems = new List<string>();
        var byName = new Dictionary<string, BuildStep>(StringComparer.Ordinal);
        var declared = new List<BuildStep>(steps.Count);
        foreach (var step in steps)
        {
            if (BuildStepNames.Check(step.Name) is { } problem)
            {
                problems.Add(problem);
            }
            else if (!byName.TryAdd(step.Name, step))
            {
                problems.Add($"step '{step.Name}' is declared more than once; step names must be unique.");
            }
            else
            {
                declared.Add(step);
            }
        }

        var known = string.Join(", ", declared.Select(s => s.Name));
        foreach (var step in declared)
        {
            foreach (var dependency in step.DependsOn.Where(d => !byName.ContainsKey(d)))
            {
                problems.Add($"step '{step.Name}' depends on '{dependency}', which no step is named; known steps: {known}");
            }
        }

        if (problems.Count == 0)
        {
            var ordered = Order(declared, problems);
            if (problems.Count == 0)
            {
                return new BuildPlan(ordered);
            }
        }

        throw new StrataException($"The build steps are invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
    }

    // Kahn's algorithm in waves: a wave is every step whose dependencies are all in earlier waves,
    // in declaration order. Waves are also what a parallel runner could run together.
    private static List<BuildStep> Order(List<BuildStep> declared, List<string> problems)
    {
        var remaining = declared.ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<BuildStep>(remaining.Count);
        while (remaining.Count > 0)
        {
            var wave = remaining.Where(s => s.DependsOn.All(done.Contains)).ToList();
            if (wave.Count == 0)
            {
                problems.AddRange(BuildStepCycles.Find(remaining));
                break;
            }

            ordered.AddRange(wave);
            done.UnionWith(wave.Select(s => s.Name));
            remaining.RemoveAll(wave.Contains);
        }

        return ordered;
    }
}
