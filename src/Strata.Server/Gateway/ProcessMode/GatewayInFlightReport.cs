namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// What the gateway process tells the host several times a second (<c>POST /api/_internal/gateway/inflight</c>):
/// per service, the requests in flight now and those begun since the last report.
/// </summary>
/// <param name="Sequence">Counts the reports of one gateway process.</param>
/// <param name="Relayed">Requests the gateway process's fast path has taken on since it started.</param>
/// <param name="Services">The services with requests in flight or begun since the last report.</param>
internal sealed record GatewayInFlightReport(long Sequence, long Relayed, IReadOnlyList<GatewayInFlightReport.ServiceEntry> Services)
{
    /// <summary>One service's counts.</summary>
    /// <param name="Vertical">The app's vertical.</param>
    /// <param name="App">The app.</param>
    /// <param name="Service">The service.</param>
    /// <param name="InFlight">Requests in flight when the report was made.</param>
    /// <param name="Begun">Requests begun since the previous report.</param>
    internal sealed record ServiceEntry(string Vertical, string App, string Service, int InFlight, long Begun);
}
