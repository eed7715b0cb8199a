using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// How KubernetesClient's YAML serializer writes one scalar. Strings that are plainly safe (a letter, then
/// letters, digits, single inner spaces and punctuation no YAML reader treats specially, not a YAML 1.1
/// boolean or null word) are written as they are. Every other value is written once by the serializer
/// itself, and its text kept: quoting rules (the client's own, YamlDotNet's YAML 1.1 words, the emitter's
/// indicator analysis) are then the serializer's, not a copy of them.
/// </summary>
internal static class YamlScalars
{
    // Bounded: a render of many distinct odd strings must not grow the process without limit.
    private const int CacheLimit = 50_000;
    private static readonly ConcurrentDictionary<string, string?> Values = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?> Raws = new(StringComparer.Ordinal);

    private static long _probes;

    /// <summary>How many scalars the serializer has rendered for the cache so far (for the benchmarks).</summary>
    public static long Probes => Interlocked.Read(ref _probes);

    /// <summary>A string-typed value (a property, a map's value or a list's item); null when it takes more than one line.</summary>
    public static string? Value(string text) => IsPlain(text) ? text : Cached(Values, text, ProbeValue);

    /// <summary>A map's key; null when it takes more than one line.</summary>
    public static string? Key(string text) => IsPlain(text) && text.Length <= 128 ? text : Cached(Keys, text, ProbeKey);

    /// <summary>
    /// A value the client's converters write as an untyped scalar (a quantity, an int-or-string, bytes as
    /// UTF-8 text); null when it takes more than one line.
    /// </summary>
    public static string? Raw(string text) => Cached(Raws, text, ProbeRaw);

    /// <summary>Whether the serializer writes the string plain and unchanged in any block context.</summary>
    public static bool IsPlain(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                continue;
            }

            switch (c)
            {
                case '-' or '.' or '_' or '/' or '=' or '+' or '%' or '@' or ',' or ';':
                    continue;
                case ':' when i + 1 < text.Length && text[i + 1] != ' ':
                    continue;
                case ' ' when i + 1 < text.Length && text[i + 1] != ' ':
                    continue;
                default:
                    return false;
            }
        }

        // YAML 1.1 booleans and nulls are all letters and at most five long (y, off, false, null…).
        return text.Length > 5 || !IsYaml11Word(text);
    }

    private static bool IsYaml11Word(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return text.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null";
    }

    private static string? Cached(ConcurrentDictionary<string, string?> cache, string text, Func<string, string?> probe)
    {
        if (cache.TryGetValue(text, out var rendered))
        {
            return rendered;
        }

        rendered = probe(text);
        Interlocked.Increment(ref _probes);
        if (cache.Count < CacheLimit)
        {
            cache.TryAdd(text, rendered);
        }

        return rendered;
    }

    private static string? ProbeValue(string text) =>
        Between(Serialize(new Dictionary<string, string> { ["k"] = text }), "k: ", "");

    private static string? ProbeKey(string text) =>
        Between(Serialize(new Dictionary<string, string> { [text] = "v" }), "", ": v");

    // The int-or-string converter writes the same untyped scalar as the quantity and byte-array ones.
    private static string? ProbeRaw(string text) =>
        Between(Serialize(new V1ServicePort { Port = 1, TargetPort = text }), "port: 1\ntargetPort: ", "");

    private static string Serialize(object value)
    {
        var document = KubernetesYaml.Serialize(value).ReplaceLineEndings("\n");
        return document.EndsWith('\n') ? document[..^1] : document;
    }

    private static string? Between(string document, string prefix, string suffix)
    {
        if (!document.StartsWith(prefix, StringComparison.Ordinal) || !document.EndsWith(suffix, StringComparison.Ordinal)
            || document.Length < prefix.Length + suffix.Length)
        {
            return null;
        }

        var scalar = document[prefix.Length..^suffix.Length];
        return scalar.Contains('\n', StringComparison.Ordinal) ? null : scalar;
    }
}
