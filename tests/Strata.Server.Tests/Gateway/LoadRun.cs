using System.Collections.Concurrent;
using System.Diagnostics;

namespace Strata.Server.Tests.Gateway;

/// <summary>
/// Steady load through the gateway: concurrent loops of GETs, each attempt counted — the client has
/// no retries of its own and a fresh connection pool, so a failure the gateway lets through is seen.
/// Answers are counted by phase (the phase current when the request started) and body.
/// </summary>
internal sealed class LoadRun : IAsyncDisposable
{
    private static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<(int Phase, string Body), int> _answers = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _phase;
    private int _successes;

    private LoadRun(Uri url, int loops) =>
        _loops = [.. Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(url)))];

    public int Successes => Volatile.Read(ref _successes);

    public int Failures => _failures.Count;

    public IEnumerable<string> FailureSamples => _failures.Take(5);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Starts <paramref name="loops"/> loops of GET <paramref name="url"/>.</summary>
    public static LoadRun Start(Uri url, int loops = 8) => new(url, loops);

    /// <summary>Requests started from now on count in the next phase.</summary>
    public void NextPhase() => Interlocked.Increment(ref _phase);

    /// <summary>
    /// Keeps the load on until <paramref name="total"/> has passed since the start, and at least
    /// <paramref name="after"/> from now (so the last phase is loaded too), at most 15 s; then stops it.
    /// </summary>
    public async Task RunUntilAsync(TimeSpan total, TimeSpan? after = null)
    {
        var end = TimeSpan.FromTicks(Math.Min(MaxDuration.Ticks, Math.Max(total.Ticks, (_clock.Elapsed + (after ?? TimeSpan.Zero)).Ticks)));
        var left = end - _clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    /// <summary>The bodies answered to requests started in <paramref name="phase"/>, with their counts.</summary>
    public IReadOnlyDictionary<string, int> Answers(int phase) =>
        _answers.Where(a => a.Key.Phase == phase).ToDictionary(a => a.Key.Body, a => a.Value);

    public string Summary() =>
        $"{Successes} ok, {Failures} failed in {Elapsed.TotalSeconds:0.0} s; answers: {string.Join(", ", _answers.OrderBy(a => a.Key.Phase).Select(a => $"[{a.Key.Phase}] '{a.Key.Body}' x{a.Value}"))}"
        + (Failures > 0 ? "; first failures: " + string.Join(" | ", FailureSamples) : "");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(Uri url)
    {
        while (!_stop.IsCancellationRequested)
        {
            var phase = Volatile.Read(ref _phase);
            try
            {
                using var response = await _client.GetAsync(url, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _successes);
                    _answers.AddOrUpdate((phase, body), 1, (_, n) => n + 1);
                }
                else
                {
                    _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:0.00}s {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _failures.Enqueue($"{_clock.Elapsed.TotalSeconds:0.00}s {ex.GetType().Name}: {ex.Message}");
            }

            // A short pause keeps the load steady without starving the replicas of a busy machine's CPU.
            await Task.Delay(ThinkTime);
        }
    }
}
