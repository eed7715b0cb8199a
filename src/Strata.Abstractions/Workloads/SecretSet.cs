namespace Strata.Workloads;

/// <summary>A named set of secret settings (a Secret on Kubernetes). Never logged, never rendered in plain text.</summary>
public sealed record SecretSet
{
    /// <summary>The set name, DNS-safe and unique within the app.</summary>
    public required string Name { get; init; }

    /// <summary>The secret values; keys are environment-variable names.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
