using System.Diagnostics;

namespace Strata.Server.Telemetry;

/// <summary>The names of the host's meter and activity source, and the tags its metrics and spans share.</summary>
public static class StrataTelemetry
{
    /// <summary>The host's meter and activity source.</summary>
    public const string HostName = "Strata.Host";

    /// <summary>Every meter and activity source whose name starts with <c>Strata.</c>: the host's, the build's and the plugins'.</summary>
    public const string AllStrata = "Strata.*";

    /// <summary>The vertical of an app, a deploy or a build.</summary>
    public const string VerticalTag = "strata.vertical";

    /// <summary>The app.</summary>
    public const string AppTag = "strata.app";

    /// <summary>A service of an app.</summary>
    public const string ServiceTag = "strata.service";

    /// <summary>A revision number.</summary>
    public const string RevisionTag = "strata.revision";

    /// <summary>The runtime a revision runs on (<c>local</c>, <c>kubernetes</c>).</summary>
    public const string RuntimeTag = "strata.runtime";

    /// <summary>How a deploy, a build step or a cold start ended.</summary>
    public const string OutcomeTag = "strata.outcome";

    /// <summary>The class of a response's status code: <c>2xx</c>, <c>4xx</c>, …</summary>
    public const string StatusClassTag = "http.response.status_class";

    /// <summary>Which part of the gateway served a request: <c>fast</c>, <c>yarp</c> or <c>process</c> (the gateway process's fast path, as reported).</summary>
    public const string GatewayPathTag = "strata.gateway.path";

    /// <summary>The host's activity source: deploys and rollouts.</summary>
    internal static readonly ActivitySource Source = new(HostName);
}
