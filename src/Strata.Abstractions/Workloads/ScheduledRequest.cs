namespace Strata.Workloads;

/// <summary>
/// An HTTP request the runtime sends to a service of the app on a cron schedule (a timer trigger).
/// CaaS-neutral: the Local runtime fires it through the activator, as the gateway forwards a request, so
/// it wakes a service scaled to zero; Kubernetes runs a CronJob that calls the service's cluster DNS name.
/// A firing is not retried and never overlaps the previous one of the same schedule (that one is skipped).
/// </summary>
public sealed record ScheduledRequest
{
    /// <summary>The schedule name, DNS-safe and unique within the app.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// When to fire, as a cron expression in UTC: five fields (minute hour day-of-month month day-of-week,
    /// e.g. <c>*/5 * * * *</c>) or a macro such as <c>@hourly</c>. The Local runtime also takes six fields,
    /// seconds first (<c>*/10 * * * * *</c>); Kubernetes fires at most once a minute and refuses them.
    /// </summary>
    public required string Schedule { get; init; }

    /// <summary>The <see cref="ServiceWorkload.Name"/> the request goes to.</summary>
    public required string Service { get; init; }

    /// <summary>The name of the service port.</summary>
    public string Port { get; init; } = "http";

    /// <summary>The request path and query, starting with '/'.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Request headers, e.g. one that tells a shared worker which function the request is for.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long one firing may take before it is given up and counted as failed.</summary>
    public int TimeoutSeconds { get; init; } = 60;
}
