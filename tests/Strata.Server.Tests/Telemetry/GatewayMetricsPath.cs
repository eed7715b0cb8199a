namespace Strata.Server.Tests.Telemetry;

/// <summary>The values of the <c>strata.gateway.path</c> label.</summary>
public enum GatewayMetricsPath
{
    Fast,
    Yarp,
}
