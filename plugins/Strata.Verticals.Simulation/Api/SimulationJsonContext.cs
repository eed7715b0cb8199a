using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Verticals.Simulation.Api;

/// <summary>The API's JSON, source-generated and passed explicitly, so no serializer cache outside the plugin holds its types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<RunInfo>))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(ProgressEvent))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(CancelInfo))]
[JsonSerializable(typeof(TaskResults))]
[JsonSerializable(typeof(Comparison))]
[JsonSerializable(typeof(SubmittedRun))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
