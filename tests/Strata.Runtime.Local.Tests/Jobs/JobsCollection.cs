namespace Strata.Runtime.Local.Tests.Jobs;

/// <summary>
/// Job tests start many processes at once; run one class at a time so they do not starve the
/// rollout tests' tight readiness timeouts running beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class JobsCollection
{
    public const string Name = "jobs";
}
