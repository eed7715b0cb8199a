using System.Text.Json.Serialization;

namespace Strata.Core.Building;

/// <summary>Source-generated JSON for cache records: no reflection, and trimming-safe.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StepCacheRecord))]
internal sealed partial class BuildCacheJsonContext : JsonSerializerContext;
