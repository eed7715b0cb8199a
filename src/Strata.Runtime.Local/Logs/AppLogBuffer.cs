using System.Threading.Channels;

namespace Strata.Runtime.Local.Logs;

/// <summary>
/// The newest log lines of one app (a ring buffer) and the followers that receive new lines as they
/// are written. Tail and subscription are taken under one lock so a follower neither misses nor
/// repeats a line.
/// </summary>
internal sealed class AppLogBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly AppLogLine[] _lines = new AppLogLine[Math.Max(1, capacity)];
    private readonly List<Channel<AppLogLine>> _followers = [];
    private int _next;
    private int _count;
    private bool _completed;

    /// <summary>Adds a line and hands it to every follower.</summary>
    public void Append(AppLogLine line)
    {
        lock (_gate)
        {
            _lines[_next] = line;
            _next = (_next + 1) % _lines.Length;
            _count = Math.Min(_count + 1, _lines.Length);
            foreach (var follower in _followers)
            {
                // Followers have bounded queues that drop their oldest line: a slow reader must not
                // make the runtime hold an unbounded backlog.
                follower.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>The newest <paramref name="tail"/> lines of <paramref name="workload"/> (all when null), oldest first.</summary>
    public IReadOnlyList<AppLogLine> Tail(string? workload, int tail)
    {
        lock (_gate)
        {
            return TailLocked(workload, tail);
        }
    }

    /// <summary>The tail as <see cref="Tail"/> gives it, and a reader of every line written after it.</summary>
    public (IReadOnlyList<AppLogLine> Tail, ChannelReader<AppLogLine> Follow, IDisposable Subscription) Follow(string? workload, int tail)
    {
        var channel = Channel.CreateBounded<AppLogLine>(new BoundedChannelOptions(_lines.Length)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _followers.Add(channel);
            }

            return (TailLocked(workload, tail), channel.Reader, new Subscription(this, channel));
        }
    }

    /// <summary>Ends every follow: the app is gone.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var follower in _followers)
            {
                follower.Writer.TryComplete();
            }

            _followers.Clear();
        }
    }

    private List<AppLogLine> TailLocked(string? workload, int tail)
    {
        var result = new List<AppLogLine>();
        for (var i = 0; i < _count && result.Count < tail; i++)
        {
            var line = _lines[(_next - 1 - i + _lines.Length) % _lines.Length];
            if (workload is null || line.Workload == workload)
            {
                result.Add(line);
            }
        }

        result.Reverse();
        return result;
    }

    private void Unsubscribe(Channel<AppLogLine> channel)
    {
        lock (_gate)
        {
            _followers.Remove(channel);
        }
    }

    private sealed class Subscription(AppLogBuffer buffer, Channel<AppLogLine> channel) : IDisposable
    {
        public void Dispose() => buffer.Unsubscribe(channel);
    }
}
