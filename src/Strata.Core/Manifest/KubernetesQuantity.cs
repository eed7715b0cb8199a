using System.Text.RegularExpressions;

namespace Strata.Core.Manifest;

/// <summary>
/// Kubernetes resource quantities (<c>500m</c>, <c>1</c>, <c>0.5</c>, <c>256Mi</c>, <c>1e3</c>), checked
/// here so that a typo fails at <c>strata deploy</c> rather than at apply time on the cluster.
/// </summary>
internal static partial class KubernetesQuantity
{
    /// <summary>True for a non-negative quantity: a decimal number with an optional SI, binary or exponent suffix.</summary>
    public static bool IsValid(string text) => Pattern().IsMatch(text);

    [GeneratedRegex(@"^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
