using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Verticals.Functions.Worker.Diagnostics;

/// <summary>Source-generated JSON of the worker's own endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerStatus))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
