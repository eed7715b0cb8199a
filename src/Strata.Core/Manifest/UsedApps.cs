using Strata.Core.Naming;
using Strata.Manifest;
using Strata.Validation;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Reads <c>caas.uses</c>: the apps an app calls, each <c>&lt;app&gt;</c> (of the app's own vertical) or
/// <c>&lt;vertical&gt;/&lt;app&gt;</c>. Read in two steps, because the app's own name and vertical may come
/// after its <c>caas:</c> section: <see cref="Read"/> checks each entry, <see cref="Resolve"/> fills in the
/// vertical and refuses the app itself and duplicates.
/// </summary>
internal static class UsedApps
{
    private const string Expected = "an app name such as hello-function, or <vertical>/<app> for an app of another vertical";

    /// <summary>The entries as written; an entry without a vertical has an empty <see cref="UsedApp.Vertical"/> until resolved.</summary>
    public static IReadOnlyList<UsedApp> Read(YamlNode node, string path, List<ValidationProblem> problems)
    {
        if (YamlScalars.IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new ValidationProblem(path, $"expected a list of apps this app calls, e.g. [hello-function]; got {YamlScalars.Describe(node)}"));
            return [];
        }

        var uses = new List<UsedApp>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = $"{path}[{i}]";
            if (item is not YamlScalarNode { Value: { Length: > 0 } text } scalar || YamlScalars.IsNull(scalar) || YamlScalars.TypeOf(scalar) != YamlScalarType.String)
            {
                problems.Add(new ValidationProblem(itemPath, $"expected {Expected}; got {YamlScalars.Describe(item)}"));
                uses.Add(new UsedApp("", ""));
                continue;
            }

            var parts = text.Split('/');
            var problem = parts.Length switch
            {
                1 => Check(null, "app", parts[0]),
                2 => Check(text, "vertical", parts[0]) ?? Check(text, "app", parts[1]),
                _ => $"'{text}' has more than one '/'; expected {Expected}",
            };
            if (problem is not null)
            {
                problems.Add(new ValidationProblem(itemPath, problem));
                uses.Add(new UsedApp("", ""));
                continue;
            }

            uses.Add(parts.Length == 1 ? new UsedApp("", parts[0]) : new UsedApp(parts[0], parts[1]));
        }

        return uses;
    }

    /// <summary>
    /// The entries with their verticals filled in; refuses an entry naming the app itself and one naming an
    /// app an earlier entry names already. Entries that failed <see cref="Read"/> are dropped.
    /// </summary>
    public static IReadOnlyList<UsedApp> Resolve(IReadOnlyList<UsedApp> uses, string app, string vertical, string path, List<ValidationProblem> problems)
    {
        var resolved = new List<UsedApp>();
        var seen = new Dictionary<string, (UsedApp Used, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < uses.Count; i++)
        {
            if (uses[i].App.Length == 0)
            {
                continue;
            }

            var used = uses[i].Vertical.Length == 0 ? uses[i] with { Vertical = vertical } : uses[i];
            var itemPath = $"{path}[{i}]";
            if (used.Vertical == vertical && used.App == app)
            {
                problems.Add(new ValidationProblem(itemPath, $"'{Written(used, vertical)}' is this app itself; its own services are discoverable already (services__<service>__http__0), so remove the entry"));
            }
            else if (seen.TryGetValue(used.App, out var first) && first.Used == used)
            {
                problems.Add(new ValidationProblem(itemPath, $"'{Written(used, vertical)}' is named already at {path}[{first.Index}]; name each app once"));
            }
            else if (first.Used is not null)
            {
                // Discovery keys carry the app name only: two apps of one name would need the same key.
                problems.Add(new ValidationProblem(itemPath, $"'{Written(used, vertical)}' and '{Written(first.Used, vertical)}' ({path}[{first.Index}]) would both be discovered as services__{used.App}__http__0; an app can use only one app of each name"));
            }
            else
            {
                seen[used.App] = (used, i);
                resolved.Add(used);
            }
        }

        return resolved;
    }

    private static string? Check(string? entry, string what, string label) =>
        StrataNames.CheckDnsLabel(label) is not { } problem ? null
        : entry is null ? $"the {what} name {problem}"
        : $"in '{entry}', the {what} name {problem}";

    private static string Written(UsedApp used, string vertical) => used.Vertical == vertical ? used.App : used.ToString();
}
