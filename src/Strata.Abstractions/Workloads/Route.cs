namespace Strata.Workloads;

/// <summary>
/// An external HTTP entry to a service port, through the gateway (Local) or an Ingress / HTTPRoute
/// (Kubernetes). The gateway serves each app under <c>/apps/{vertical}/{app}</c>; <see cref="PathPrefix"/>
/// is relative to that and is removed before the request reaches the service.
/// </summary>
public sealed record Route
{
    /// <summary>The route name, DNS-safe and unique within the app.</summary>
    public required string Name { get; init; }

    /// <summary>The <see cref="ServiceWorkload.Name"/> the route sends traffic to.</summary>
    public required string Service { get; init; }

    /// <summary>The name of the service port.</summary>
    public string Port { get; init; } = "http";

    /// <summary>The path prefix, starting with '/'.</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>A host name to match as well, when set.</summary>
    public string? Host { get; init; }
}
