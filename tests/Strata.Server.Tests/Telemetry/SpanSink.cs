using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Strata.Server.Tests.Telemetry;

/// <summary>What the in-memory exporter writes spans into: it adds from the host's threads while the test reads.</summary>
internal sealed class SpanSink : Collection<Activity>
{
    private readonly Lock _gate = new();

    public List<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_gate)
        {
            base.InsertItem(index, item);
        }
    }
}
