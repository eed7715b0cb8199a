using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Naming;

/// <summary>
/// The one place CaaS names are made (think knative <c>resources/names</c>): pure functions, so the
/// same app always gets the same names on every runtime and in every render.
/// </summary>
public static class StrataNames
{
    /// <summary>The longest DNS-1123 label, and so the longest object name, namespace and label value.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The namespace prefix a vertical's namespace gets unless the operator configures another.</summary>
    public const string DefaultNamespacePrefix = "strata-";

    // 54 + '-' + 8 hex chars = 63: the kept prefix stays readable, the hash keeps long names apart.
    private const int TruncatedPrefixLength = 54;
    private const int HashLength = 8;

    /// <summary>
    /// Checks that <paramref name="value"/> is a DNS-1123 label: 1 to 63 of a-z, 0-9 and '-',
    /// starting with a letter and ending with a letter or digit.
    /// </summary>
    /// <param name="value">The candidate name.</param>
    /// <returns>Null when valid; otherwise a sentence saying what is wrong and suggesting a valid form.</returns>
    public static string? CheckDnsLabel(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "a name is required: use lower-case letters, digits and '-', starting with a letter (e.g. 'hello')";
        }

        if (IsDnsLabel(value))
        {
            return null;
        }

        var suggestion = TrySuggest(value);
        if (value.Length > MaxLabelLength && IsDnsLabel(value, int.MaxValue))
        {
            return $"'{value}' is {value.Length} characters long; a DNS label has at most {MaxLabelLength}{suggestion}";
        }

        return $"'{value}' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter{suggestion}";
    }

    /// <summary>
    /// Turns <paramref name="value"/> into a DNS-1123 label, deterministically: lower-cased, every run
    /// of other characters than a-z and 0-9 replaced by one '-', '-' trimmed at both ends, <c>x-</c>
    /// put in front of a leading digit, and names over 63 characters cut to 54 plus '-' and 8 hex
    /// characters of the SHA-256 of <paramref name="value"/>. A valid label is returned unchanged.
    /// </summary>
    /// <param name="value">Any text with at least one letter or digit.</param>
    /// <exception cref="ArgumentException">Nothing DNS-safe is left of <paramref name="value"/>.</exception>
    public static string ToDnsLabel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // A name that is already valid (even one with "--") must not be renamed: objects created
        // under it would be orphaned.
        if (IsDnsLabel(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2);
        var pendingDash = false;
        foreach (var c in value.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(c);
            }
            else
            {
                pendingDash = true;
            }
        }

        if (builder.Length == 0)
        {
            throw new ArgumentException(
                $"'{value}' has no letter or digit, so no DNS-safe name can be made from it. Use lower-case letters, digits and '-', starting with a letter.",
                nameof(value));
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, "x-");
        }

        var label = builder.ToString();
        return label.Length <= MaxLabelLength ? label : Truncate(label, value);
    }

    /// <summary>The namespace of a vertical: <c>strata-&lt;vertical&gt;</c> by default, as a DNS label.</summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="prefix">The operator's namespace prefix.</param>
    public static string Namespace(string vertical, string prefix = DefaultNamespacePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentNullException.ThrowIfNull(prefix);
        return ToDnsLabel(prefix + vertical);
    }

    /// <summary>The name of an object of an app: <c>&lt;app&gt;</c> or <c>&lt;app&gt;-&lt;component&gt;</c>, as a DNS label.</summary>
    /// <param name="app">The app name.</param>
    /// <param name="component">The component (service, job, route or config set) name, if any.</param>
    public static string ObjectName(string app, string? component = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        return ToDnsLabel(string.IsNullOrEmpty(component) ? app : $"{app}-{component}");
    }

    /// <summary>The gateway's public base path of an app: <c>/apps/{vertical}/{app}</c>.</summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    public static string AppPath(string vertical, string app)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentException.ThrowIfNullOrEmpty(app);
        return $"/apps/{vertical}/{app}";
    }

    internal static bool IsDnsLabel(string value, int maxLength = MaxLabelLength)
    {
        if (value.Length is 0 || value.Length > maxLength || !char.IsAsciiLetterLower(value[0]) || value[^1] == '-')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string label, string original)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..HashLength];
        return $"{label[..TruncatedPrefixLength].TrimEnd('-')}-{hash}";
    }

    private static string TrySuggest(string value)
    {
        try
        {
            return $" (try '{ToDnsLabel(value)}')";
        }
        catch (ArgumentException)
        {
            return " (e.g. 'hello')";
        }
    }
}
