namespace Strata.Core.Discovery;

/// <summary>
/// Where clients reach the host's gateway (<c>http://127.0.0.1:5480</c>): the base of every app's public
/// address, <c>/apps/&lt;vertical&gt;/&lt;app&gt;</c>. A runtime on the host's machine gives it to the apps
/// that use other apps (<c>caas.uses</c>), so their calls balance, wake a scaled-to-zero app and reach a
/// function in a shared pool as any client's do.
/// </summary>
public interface IGatewayAddress
{
    /// <summary>The address when it is known already (a fixed port, or the host has bound its listener); else null.</summary>
    Uri? Known { get; }

    /// <summary>The address, once the gateway listens: with port 0, the port it was actually given.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    ValueTask<Uri> GetAsync(CancellationToken cancellationToken);
}
