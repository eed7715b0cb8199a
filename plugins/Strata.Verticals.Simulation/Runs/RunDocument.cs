using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Strata.Verticals.Simulation.Runs;

/// <summary>
/// The run as its tasks receive it, in <see cref="EnvironmentVariable"/>: JSON with the run id, revision,
/// kind, label, parallelism, the varied parameters and every parameter set (task i takes entry i).
/// Each task writes it, unchanged, to <c>runs/&lt;run&gt;/run.json</c> in the results volume.
/// </summary>
internal static class RunDocument
{
    /// <summary>The variable holding the run.</summary>
    public const string EnvironmentVariable = "STRATA_SIMULATION_RUN";

    /// <summary>The run id of the run a revision starts: runs and revisions map one to one.</summary>
    public static string RunId(int revision) => "run-" + revision.ToString(CultureInfo.InvariantCulture);

    public static string Write(string runId, int revision, RunPlan plan)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run", runId);
            json.WriteNumber("revision", revision);
            json.WriteString("kind", plan.Kind.ToString().ToLowerInvariant());
            json.WriteString("label", plan.Label);
            json.WriteNumber("parallelism", plan.Parallelism);
            json.WriteNumber("tasks", plan.ParameterSets.Count);
            json.WriteStartArray("varied");
            foreach (var name in plan.Varied)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteStartArray("parameterSets");
            foreach (var set in plan.ParameterSets)
            {
                json.WriteStartObject();
                foreach (var (name, value) in set)
                {
                    json.WritePropertyName(name);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case double number:
                json.WriteNumberValue(number);
                break;
            case long whole:
                json.WriteNumberValue(whole);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
