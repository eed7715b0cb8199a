using System.Globalization;

namespace Strata.Runtime.Local.Limits;

/// <summary>Kubernetes quantity notation, as far as limits need it: <c>256Mi</c>, <c>1G</c>, <c>500m</c>, <c>0.5</c>.</summary>
internal static class ResourceQuantity
{
    private static readonly (string Suffix, double Factor)[] ByteSuffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50),
        ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15),
    ];

    /// <summary>A memory quantity in bytes.</summary>
    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var factor = 1d;
        foreach (var (suffix, value) in ByteSuffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = value;
                text = text[..^suffix.Length];
                break;
            }
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return false;
        }

        bytes = (long)Math.Ceiling(number * factor);
        return true;
    }

    /// <summary>A CPU quantity in thousandths of a core (<c>500m</c> and <c>0.5</c> are both 500).</summary>
    public static bool TryParseMillicores(string? text, out long millicores)
    {
        millicores = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var milli = text.EndsWith('m');
        if (!double.TryParse(milli ? text[..^1] : text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return false;
        }

        millicores = (long)Math.Ceiling(milli ? number : number * 1000);
        return true;
    }
}
