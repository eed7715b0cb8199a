using Strata.Core.Runtime;
using Strata.Server.Telemetry;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// The host's side of the gateway process's in-flight reports: holds as many of the runtime's
/// in-flight marks (<see cref="IServiceTraffic.BeginRequest"/>) per service as the last report
/// counted, so the autoscalers average them and the idle timers see requests begin, as if the
/// requests had passed through the host. The requests answered count in the host's gateway metrics.
/// </summary>
internal sealed class GatewayInFlightLedger(ICaasRuntime runtime, GatewayMetrics metrics)
{
    private readonly IServiceTraffic? _traffic = runtime as IServiceTraffic;
    private readonly Lock _gate = new();
    private readonly Dictionary<(AppRef App, string Service), Stack<IDisposable>> _held = [];
    private long _sequence = -1;
    private long _relayed;
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last report's count of requests the gateway process relayed on its fast path.</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Completes at the next report (tests wait on it to read <see cref="Relayed"/> afresh).</summary>
    public Task NextReport
    {
        get
        {
            lock (_gate)
            {
                return _reported.Task;
            }
        }
    }

    /// <summary>Applies a report: marks begin or end until each service holds the reported count; a service left out holds none.</summary>
    public void Apply(GatewayInFlightReport report)
    {
        TaskCompletionSource reported;
        lock (_gate)
        {
            // A late report must not undo a newer one; a restarted process counts from 1 again after Reset.
            if (report.Sequence <= _sequence)
            {
                return;
            }

            _sequence = report.Sequence;
            Interlocked.Exchange(ref _relayed, report.Relayed);
            var seen = new HashSet<(AppRef, string)>();
            foreach (var entry in report.Services)
            {
                var key = (new AppRef(entry.Vertical, entry.App), entry.Service);
                seen.Add(key);
                if (!_held.TryGetValue(key, out var held))
                {
                    _held[key] = held = new Stack<IDisposable>();
                }

                var target = Math.Max(0, entry.InFlight);
                var before = held.Count;
                while (held.Count < target && _traffic is not null)
                {
                    held.Push(_traffic.BeginRequest(key.Item1, entry.Service));
                }

                while (held.Count > target)
                {
                    held.Pop().Dispose();
                }

                if (entry.Begun > 0 && held.Count <= before && _traffic is not null)
                {
                    // Requests came and went between two reports: the idle timer must still see them.
                    _traffic.BeginRequest(key.Item1, entry.Service).Dispose();
                }
            }

            foreach (var answered in report.Answered ?? [])
            {
                metrics.Reported(new AppRef(answered.Vertical, answered.App), answered.ByStatusClass);
            }

            foreach (var (key, held) in _held)
            {
                if (!seen.Contains(key))
                {
                    while (held.Count > 0)
                    {
                        held.Pop().Dispose();
                    }
                }
            }

            reported = _reported;
            _reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        reported.TrySetResult();
    }

    /// <summary>The gateway process is gone: none of its requests is in flight any more.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            foreach (var held in _held.Values)
            {
                while (held.Count > 0)
                {
                    held.Pop().Dispose();
                }
            }

            _held.Clear();
            _sequence = -1;
        }
    }
}
