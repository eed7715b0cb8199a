namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// What the gateway process tells the host several times a second (<c>POST /api/_internal/gateway/inflight</c>):
/// per service, the requests in flight now and those begun since the last report; per app, the
/// requests answered since the last report by status class (for the host's <c>strata.gateway.requests</c>).
/// </summary>
/// <param name="Sequence">Counts the reports of one gateway process.</param>
/// <param name="Relayed">Requests the gateway process's fast path has taken on since it started.</param>
/// <param name="Services">The services with requests in flight or begun since the last report.</param>
/// <param name="Answered">The apps with requests answered since the last report; null from a process that does not count them.</param>
internal sealed record GatewayInFlightReport(long Sequence, long Relayed, IReadOnlyList<GatewayInFlightReport.ServiceEntry> Services, IReadOnlyList<GatewayInFlightReport.AppEntry>? Answered = null)
{
    /// <summary>One app's requests answered since the last report.</summary>
    /// <param name="Vertical">The app's vertical.</param>
    /// <param name="App">The app.</param>
    /// <param name="ByStatusClass">Five counts: answers 1xx, 2xx, 3xx, 4xx, 5xx.</param>
    internal sealed record AppEntry(string Vertical, string App, long[] ByStatusClass);

    /// <summary>One service's counts.</summary>
    /// <param name="Vertical">The app's vertical.</param>
    /// <param name="App">The app.</param>
    /// <param name="Service">The service.</param>
    /// <param name="InFlight">Requests in flight when the report was made.</param>
    /// <param name="Begun">Requests begun since the previous report.</param>
    internal sealed record ServiceEntry(string Vertical, string App, string Service, int InFlight, long Begun);
}
