using System.Globalization;

namespace Strata.Core.Naming;

/// <summary>
/// The labels Strata puts on every CaaS object, so that tools (and Strata itself, when it prunes)
/// can find everything of an app, a vertical, or everything Strata manages.
/// </summary>
public static class StrataLabels
{
    /// <summary>The app name.</summary>
    public const string Name = "app.kubernetes.io/name";

    /// <summary>The object's instance: <c>&lt;app&gt;-&lt;component&gt;</c>, or the app name.</summary>
    public const string Instance = "app.kubernetes.io/instance";

    /// <summary>The component (service or job) name.</summary>
    public const string Component = "app.kubernetes.io/component";

    /// <summary>The app's version, or <c>r&lt;revision&gt;</c>.</summary>
    public const string Version = "app.kubernetes.io/version";

    /// <summary>The vertical the app belongs to.</summary>
    public const string PartOf = "app.kubernetes.io/part-of";

    /// <summary>Who manages the object; always <see cref="ManagedByValue"/>.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByValue = "strata";

    /// <summary>The vertical name.</summary>
    public const string Vertical = "strata.dev/vertical";

    /// <summary>The revision number.</summary>
    public const string Revision = "strata.dev/revision";

    /// <summary>The full label set of an object of an app.</summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    /// <param name="component">The component name, for objects of one service or job.</param>
    /// <param name="revision">The revision number, when the object belongs to one revision.</param>
    /// <param name="version">The app's own version; <c>r&lt;revision&gt;</c> is used when absent.</param>
    /// <returns>Labels sorted by key (ordinal), so rendered objects are stable.</returns>
    public static IReadOnlyDictionary<string, string> For(
        string vertical, string app, string? component, int? revision, string? version = null)
    {
        var labels = Stable(vertical, app, component);
        labels[PartOf] = ToLabelValue(vertical);

        var versionValue = !string.IsNullOrEmpty(version)
            ? version
            : revision is { } r ? "r" + r.ToString(CultureInfo.InvariantCulture) : null;
        if (versionValue is not null)
        {
            labels[Version] = ToLabelValue(versionValue);
        }

        if (revision is { } number)
        {
            labels[Revision] = number.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>
    /// The labels that select an app's (or one component's) objects across revisions: no revision or
    /// version, because a selector that changed per revision would orphan the running replicas.
    /// </summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    /// <param name="component">The component name, to select one service or job.</param>
    public static IReadOnlyDictionary<string, string> Selector(string vertical, string app, string? component = null) =>
        Stable(vertical, app, component);

    /// <summary>
    /// Returns <paramref name="value"/> when it is a valid Kubernetes label value (at most 63 of
    /// A-Z, a-z, 0-9, '.', '_' and '-', letters or digits at both ends); otherwise its DNS label.
    /// </summary>
    /// <param name="value">The value.</param>
    public static string ToLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsLabelValue(value) ? value : StrataNames.ToDnsLabel(value);
    }

    internal static bool IsLabelValue(string value)
    {
        if (value.Length > StrataNames.MaxLabelLength)
        {
            return false;
        }

        if (value.Length == 0)
        {
            return true;
        }

        if (!char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static SortedDictionary<string, string> Stable(string vertical, string app, string? component)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentException.ThrowIfNullOrEmpty(app);

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Name] = ToLabelValue(app),
            [Instance] = StrataNames.ObjectName(app, component),
            [Vertical] = ToLabelValue(vertical),
            [ManagedBy] = ManagedByValue,
        };
        if (!string.IsNullOrEmpty(component))
        {
            labels[Component] = ToLabelValue(component);
        }

        return labels;
    }
}
