namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// The gateway processes that follow the host's route table: each open table stream and the newest
/// table version its reader confirmed it routes by (<c>POST /api/_internal/gateway/applied</c>).
/// <see cref="GatewayRoutes"/> waits on it before it tells the runtime that a replica gets no more
/// requests. With no stream open there is no process to wait for; a stream that closes is not waited for.
/// </summary>
internal sealed class GatewayTableFollowers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _applied = [];
    private long _lastStream;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts a table stream as open until the result is disposed; its id is what its reader confirms with.</summary>
    public Follower StreamOpened()
    {
        long id = 0;
        Change(() => _applied[id = ++_lastStream] = 0);
        return new Follower(this, id);
    }

    /// <summary>
    /// The reader of stream <paramref name="stream"/> confirms that it routes by table <paramref name="version"/>
    /// (or a newer one). False when no such stream is open.
    /// </summary>
    public bool Confirm(long stream, long version)
    {
        var known = false;
        Change(() =>
        {
            if (_applied.TryGetValue(stream, out var applied))
            {
                known = true;
                _applied[stream] = Math.Max(applied, version);
            }
        });
        return known;
    }

    /// <summary>Returns once the reader of every open stream has confirmed <paramref name="version"/> or newer.</summary>
    public async Task WaitForAsync(long version, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_applied.Values.All(v => v >= version))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>One open table stream; disposing it stops waiting for its reader.</summary>
    internal sealed class Follower(GatewayTableFollowers owner, long id) : IDisposable
    {
        private int _disposed;

        /// <summary>The stream's id, sent to its reader in the <c>Strata-Gateway-Stream</c> header.</summary>
        public long Id { get; } = id;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Change(() => owner._applied.Remove(Id));
            }
        }
    }
}
