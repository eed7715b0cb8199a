namespace Strata.Runtime.Kubernetes;

/// <summary>The annotations Strata puts on the Kubernetes objects it creates.</summary>
public static class StrataAnnotations
{
    /// <summary>
    /// Who owns the object: <c>&lt;vertical&gt;/&lt;app&gt;</c>, or <c>&lt;vertical&gt;</c> on a namespace.
    /// Apply, prune and delete touch an object only when it carries this annotation with their
    /// app's value, so objects someone else put in the namespace are never changed or removed.
    /// </summary>
    public const string OwnedBy = "strata.dev/owned-by";

    /// <summary>The value of <see cref="OwnedBy"/> on the objects of an app.</summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    public static string OwnerOf(string vertical, string app) => $"{vertical}/{app}";
}
