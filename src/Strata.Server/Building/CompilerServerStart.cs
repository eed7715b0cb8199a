namespace Strata.Server.Building;

/// <summary>When the host starts the compiler server its builds compile in (<c>Strata:Build:CompilerServer</c>).</summary>
public enum CompilerServerStart
{
    /// <summary>
    /// In the background once the host serves (the default): a first deploy right after the host
    /// starts does not wait for the compiler to start. A server that cannot start leaves builds as with
    /// <see cref="OnFirstBuild"/>.
    /// </summary>
    OnStart,

    /// <summary>At the host's first build, which waits for it; a host that never builds never runs one.</summary>
    OnFirstBuild,

    /// <summary>No server: every compile runs in a compiler process of its own that exits with it.</summary>
    Off,
}
