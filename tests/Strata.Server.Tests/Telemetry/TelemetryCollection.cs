namespace Strata.Server.Tests.Telemetry;

/// <summary>
/// The telemetry tests run alone, after the parallel ones. Every host in the test process has a meter
/// named <c>Strata.Host</c>, and OpenTelemetry's providers listen to all of them, merging same-named
/// instruments into one stream: when another test's host is disposed (its meters with it), the stream
/// ends in every provider, and this test's host stops showing the series it is asserting on.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
