using System.Globalization;
using System.Text;

namespace Strata.Server.Tests.Telemetry;

/// <summary>One scrape of <c>/metrics</c> in Prometheus text format, parsed into samples.</summary>
internal sealed class PrometheusScrape
{
    private PrometheusScrape(string text, IReadOnlyList<Sample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>GETs <c>/metrics</c> over <paramref name="http"/> and parses it; fails unless it answers 200 in the text format.</summary>
    public static async Task<PrometheusScrape> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return new PrometheusScrape(text, Parse(text));
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>The samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    internal static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var i = 0;
            while (i < line.Length && line[i] is not ('{' or ' '))
            {
                i++;
            }

            var name = line[..i];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (i < line.Length && line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var label = line[i..eq].TrimStart(',');
                    i = eq + 2; // past ="
                    var value = new StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] == 'n' ? '\n' : line[i]);
                        }
                        else
                        {
                            value.Append(line[i]);
                        }

                        i++;
                    }

                    labels[label] = value.ToString();
                    i++;
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }

                i++;
            }

            var rest = line[i..].Trim().Split(' ');
            var number = rest[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(name, labels, number));
        }

        return samples;
    }

    /// <summary>One sample: metric name (with its suffix), labels, value.</summary>
    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
