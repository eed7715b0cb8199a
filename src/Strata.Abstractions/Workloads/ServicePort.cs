namespace Strata.Workloads;

/// <summary>A named port a service listens on.</summary>
/// <param name="Name">DNS-safe port name, e.g. <c>http</c>. Discovery keys use it.</param>
/// <param name="Port">The port inside a container. The Local runtime maps it to a free loopback port.</param>
public sealed record ServicePort(string Name, int Port)
{
    /// <summary>The usual HTTP port: <c>http</c>, 8080.</summary>
    public static ServicePort Http { get; } = new("http", 8080);
}
