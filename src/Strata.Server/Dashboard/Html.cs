using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Strata.Server.Dashboard;

/// <summary>
/// Writes the dashboard's HTML from interpolated strings whose holes are HTML-encoded unless they are
/// <see cref="Markup"/>: <c>Html.Of($"&lt;td&gt;{app.Name}&lt;/td&gt;")</c> cannot inject markup, whatever the name holds.
/// </summary>
internal static class Html
{
    /// <summary>The markup of an interpolated string, its holes encoded.</summary>
    public static Markup Of(ref Handler html) => new(html.Finish());

    /// <summary>The pieces one after another.</summary>
    public static Markup Join(IEnumerable<Markup> pieces) => new(string.Concat(pieces.Select(p => p.Value)));

    /// <summary>The pieces mapped and joined.</summary>
    public static Markup Join<T>(IEnumerable<T> items, Func<T, Markup> piece) => Join(items.Select(piece));

    /// <summary><paramref name="markup"/> when <paramref name="condition"/> holds, else nothing.</summary>
    public static Markup If(bool condition, Markup markup) => condition ? markup : Markup.Empty;

    /// <summary>A path segment for a URL in an attribute: escaped for the URL, then encoded as the attribute's text by the handler.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Builds the markup; every formatted hole is encoded, except <see cref="Markup"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct Handler
    {
        private StringBuilder? _builder;

        /// <summary>Called by the compiler for each interpolated string.</summary>
        public Handler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

        /// <summary>Literal text of the template: markup written by the programmer, kept as it is.</summary>
        public readonly void AppendLiteral(string value) => _builder!.Append(value);

        /// <summary>Trusted markup, kept as it is.</summary>
        public readonly void AppendFormatted(Markup value) => _builder!.Append(value.Value);

        /// <summary>Text, encoded.</summary>
        public readonly void AppendFormatted(string? value) => _builder!.Append(HtmlEncoder.Default.Encode(value ?? ""));

        /// <summary>Any other value, formatted with the invariant culture and encoded.</summary>
        public readonly void AppendFormatted<T>(T value) => AppendFormatted(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

        /// <summary>A formattable value with a format, formatted with the invariant culture and encoded.</summary>
        public readonly void AppendFormatted<T>(T value, string? format) where T : IFormattable => AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

        internal string Finish()
        {
            var text = _builder!.ToString();
            _builder = null;
            return text;
        }
    }
}
