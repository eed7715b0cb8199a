using System.Globalization;
using System.Text;

namespace Strata.Core.Templates;

/// <summary>
/// What a template set is rendered with. Templates see <c>app.name</c>, <c>app.pascal_name</c>,
/// <c>app.vertical</c>, <c>app.namespace</c> and <c>options.&lt;key&gt;</c>.
/// </summary>
/// <param name="AppName">The DNS-safe app name, e.g. <c>hello-world</c>.</param>
/// <param name="Vertical">The vertical the app belongs to.</param>
public sealed record TemplateModel(string AppName, string Vertical)
{
    /// <summary>Template options (<c>--option key=value</c>), exposed as <c>options.&lt;key&gt;</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The app name as a valid C# identifier: <c>hello-world</c> → <c>HelloWorld</c>, <c>2fast</c> → <c>_2fast</c>.</summary>
    public string PascalName => ToPascalName(AppName);

    /// <summary>The root namespace of the generated code; the same as <see cref="PascalName"/>.</summary>
    public string Namespace => PascalName;

    /// <summary>Turns a name into a PascalCase C# identifier; every non letter-or-digit character separates words.</summary>
    /// <param name="name">Any name, e.g. <c>hello-world</c>.</param>
    public static string ToPascalName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 1);
        var startsWord = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startsWord = true;
                continue;
            }

            builder.Append(startsWord ? char.ToUpper(c, CultureInfo.InvariantCulture) : c);
            startsWord = false;
        }

        // An identifier cannot be empty nor start with a digit; a leading '_' fixes both.
        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
