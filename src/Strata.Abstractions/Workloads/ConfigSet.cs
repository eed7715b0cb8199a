namespace Strata.Workloads;

/// <summary>A named set of non-secret settings (a ConfigMap on Kubernetes).</summary>
public sealed record ConfigSet
{
    /// <summary>The set name, DNS-safe and unique within the app.</summary>
    public required string Name { get; init; }

    /// <summary>The settings; keys are environment-variable names.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
