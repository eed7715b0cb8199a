using Strata.Core.Runtime;

namespace Strata.Runtime.Local;

// IServiceTraffic, first version: no autoscaling yet (requests are not counted) and no scale from
// zero (activation succeeds only when a replica is ready already).
public sealed partial class LocalRuntime
{
    /// <inheritdoc />
    public IDisposable BeginRequest(AppRef app, string service) => NoRequest.Instance;

    /// <inheritdoc />
    public ValueTask<bool> ActivateAsync(AppRef app, string service, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StatusOf(app).Services.FirstOrDefault(s => s.Name == service) is { ReadyReplicas: > 0 });

    private sealed class NoRequest : IDisposable
    {
        public static readonly NoRequest Instance = new();

        public void Dispose()
        {
        }
    }
}
