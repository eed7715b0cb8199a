namespace Strata.Verticals.Functions.Worker;

/// <summary>
/// Whether the worker has warmed its load path. Kestrel starts listening before other hosted
/// services start, so the health endpoint reports not-ready until the warm-up is done: a runtime then
/// sends no traffic to a worker whose first cold start would still cost double.
/// </summary>
internal sealed class WorkerReadiness
{
    private volatile bool _warmed;

    public bool IsWarmed => _warmed;

    public void MarkWarmed() => _warmed = true;
}
