using Cronos;
using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Services;
using Strata.Workloads;

namespace Strata.Runtime.Local.Schedules;

/// <summary>
/// Fires one scheduled request of an app's serving revision at its service, the way the gateway forwards
/// a request: it wakes the service through the activator when it is scaled to zero, counts as a request
/// in flight for the autoscaler and idle timer, and goes to the service's stable address. A firing that
/// fails is logged and counted; nothing it does can stop the loop or the host.
/// </summary>
internal sealed class ScheduleRunner : IAsyncDisposable
{
    /// <summary>Names the schedule to the service, so a handler can tell a timer's call from a user's.</summary>
    public const string ScheduleHeader = "X-Strata-Schedule";

    // An occurrence the loop reaches later than this (the machine slept, the host was stalled) is
    // missed rather than fired late, as a CronJob's starting deadline does.
    private static readonly TimeSpan LateLimit = TimeSpan.FromSeconds(30);

    // Timers take at most ~49 days; a yearly schedule waits in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    // Loopback only; the firing's own timeout applies, not HttpClient's 100 s.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly LocalRuntimeContext _context;
    private readonly string _app;
    private readonly ScheduledRequest _request;
    private readonly CronExpression _cron;
    private readonly Func<string, ServiceSupervisor?> _services;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private Task _firing = Task.CompletedTask;
    private DateTimeOffset? _next;
    private DateTimeOffset? _last;
    private string? _outcome;
    private int _firings;
    private int _failures;
    private int _missed;

    /// <summary>Creates the runner; it fires nothing until <see cref="Start"/>.</summary>
    public ScheduleRunner(LocalRuntimeContext context, string app, ScheduledRequest request, CronExpression cron, Func<string, ServiceSupervisor?> services)
    {
        _context = context;
        _app = app;
        _request = request;
        _cron = cron;
        _services = services;
    }

    /// <summary>The schedule name.</summary>
    public string Name => _request.Name;

    /// <summary>Starts waiting for the first occurrence after now.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>A snapshot for the app's status.</summary>
    public ScheduleStatus Status()
    {
        lock (_gate)
        {
            return new ScheduleStatus(_request.Name, _request.Schedule, _next, _last, _outcome, _firings, _failures, _missed);
        }
    }

    /// <summary>Stops the loop and cancels a firing in progress; returns once both have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loop, _firing).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var due = Next(_context.Time.GetUtcNow());
            _context.Logger.ScheduleStarted(_app, _request.Name, _request.Schedule, due);
            while (due is { } at)
            {
                for (var wait = at - _context.Time.GetUtcNow(); wait > TimeSpan.Zero; wait = at - _context.Time.GetUtcNow())
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, _context.Time, cancellationToken).ConfigureAwait(false);
                }

                var now = _context.Time.GetUtcNow();
                if (now - at > LateLimit)
                {
                    Miss(at, $"the runtime reached it {(now - at).TotalSeconds:0} s late");
                }
                else if (!_firing.IsCompleted)
                {
                    Miss(at, "the previous firing still runs");
                }
                else
                {
                    _firing = FireAsync(cancellationToken);
                }

                due = Next(now > at ? now : at);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the app was deleted or a new revision replaced the schedule.
        }
        catch (Exception ex)
        {
            _context.Logger.LoopFailed(_app, _request.Name, ex);
        }
    }

    private DateTimeOffset? Next(DateTimeOffset after)
    {
        var next = _cron.GetNextOccurrence(after, TimeZoneInfo.Utc);
        lock (_gate)
        {
            _next = next;
        }

        return next;
    }

    private void Miss(DateTimeOffset due, string reason)
    {
        lock (_gate)
        {
            _missed++;
        }

        _context.Logger.Missed(_app, _request.Name, due, reason);
    }

    private async Task FireAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _last = _context.Time.GetUtcNow();
            _firings++;
        }

        bool succeeded;
        string outcome;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_request.TimeoutSeconds));
        try
        {
            (succeeded, outcome) = await SendAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            (succeeded, outcome) = (false, $"no answer within {_request.TimeoutSeconds} s");
        }
        catch (Exception ex)
        {
            (succeeded, outcome) = (false, $"{ex.GetType().Name}: {ex.Message}");
        }

        lock (_gate)
        {
            _outcome = outcome;
            _failures += succeeded ? 0 : 1;
        }

        if (succeeded)
        {
            _context.Logger.Fired(_app, _request.Name, _request.Method, _request.Path, outcome);
        }
        else
        {
            _context.Logger.FiringFailed(_app, _request.Name, outcome);
        }
    }

    private async Task<(bool Succeeded, string Outcome)> SendAsync(CancellationToken cancellationToken)
    {
        if (_services(_request.Service) is not { } service)
        {
            return (false, $"the app runs no service '{_request.Service}'");
        }

        if (!await service.ActivateAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, $"service '{_request.Service}' has no ready replica (it did not become ready in time, or was scaled to zero by hand)");
        }

        using var inFlight = service.BeginRequest();
        if (service.UriOf(_request.Port) is not { } address)
        {
            return (false, $"service '{_request.Service}' has no port '{_request.Port}'");
        }

        using var message = new HttpRequestMessage(new HttpMethod(_request.Method), new Uri(address, _request.Path));
        foreach (var (name, value) in _request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.TryAddWithoutValidation(ScheduleHeader, _request.Name);
        using var response = await Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return (response.IsSuccessStatusCode, status);
    }
}
