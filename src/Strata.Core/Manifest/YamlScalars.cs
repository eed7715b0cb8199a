using System.Globalization;
using System.Numerics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Reads YAML nodes by the YAML 1.2 core schema, which the representation model leaves to us: it
/// gives every scalar as text. Quoted scalars and <c>!!str</c> / <c>!</c> tagged ones are strings.
/// </summary>
internal static class YamlScalars
{
    private const string StrTag = "tag:yaml.org,2002:str";

    public static YamlScalarType TypeOf(YamlScalarNode scalar)
    {
        if (scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any)
        {
            return YamlScalarType.String;
        }

        if (!scalar.Tag.IsEmpty && (scalar.Tag.Value == StrTag || scalar.Tag.Value == "!"))
        {
            return YamlScalarType.String;
        }

        var text = scalar.Value ?? "";
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => YamlScalarType.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => YamlScalarType.Bool,
            _ when TryParseInteger(text, out _) => YamlScalarType.Integer,
            _ when IsFloat(text) => YamlScalarType.Float,
            _ => YamlScalarType.String,
        };
    }

    public static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && TypeOf(scalar) == YamlScalarType.Null;

    /// <summary>Parses a core-schema integer: decimal with an optional sign, <c>0o</c> octal or <c>0x</c> hex.</summary>
    public static bool TryParseInteger(string text, out BigInteger value)
    {
        value = default;
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2)
        {
            return text.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false
                && BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2)
        {
            foreach (var c in text.AsSpan(2))
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = (value * 8) + (c - '0');
            }

            return true;
        }

        var digits = text.AsSpan(text.Length > 0 && text[0] is '+' or '-' ? 1 : 0);
        return digits.Length > 0
            && !digits.ContainsAnyExceptInRange('0', '9')
            && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads an integer scalar into an <see cref="int"/>; false for anything else, or out of range.</summary>
    public static bool TryGetInt32(YamlNode node, out int value)
    {
        value = 0;
        if (node is YamlScalarNode scalar
            && TypeOf(scalar) == YamlScalarType.Integer
            && TryParseInteger(scalar.Value!, out var big)
            && big >= int.MinValue && big <= int.MaxValue)
        {
            value = (int)big;
            return true;
        }

        return false;
    }

    /// <summary>Says what a node is, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => TypeOf(scalar) switch
        {
            YamlScalarType.Null => "nothing",
            YamlScalarType.Bool => $"the boolean '{scalar.Value}'",
            YamlScalarType.Integer or YamlScalarType.Float => $"the number '{scalar.Value}'",
            _ => $"'{scalar.Value}'",
        },
        _ => "an alias",
    };

    // [-+]? ( \.[0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?  and the inf / nan spellings.
    private static bool IsFloat(string text)
    {
        var s = text.AsSpan();
        if (s is ".nan" or ".NaN" or ".NAN")
        {
            return true;
        }

        if (s.Length > 0 && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        if (s is ".inf" or ".Inf" or ".INF")
        {
            return true;
        }

        var i = 0;
        var intDigits = CountDigits(s, ref i);
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracDigits = CountDigits(s, ref i);
        }

        if (intDigits == 0 && fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int CountDigits(ReadOnlySpan<char> s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }
}
