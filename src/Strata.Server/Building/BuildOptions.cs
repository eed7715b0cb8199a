namespace Strata.Server.Building;

/// <summary>How the host builds apps; bound from <c>Strata:Build</c>.</summary>
public sealed record BuildOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Strata:Build";

    /// <summary>
    /// When the host's compiler server starts: <see cref="CompilerServerStart.OnStart"/> (the default),
    /// <see cref="CompilerServerStart.OnFirstBuild"/> or <see cref="CompilerServerStart.Off"/>.
    /// </summary>
    public CompilerServerStart CompilerServer { get; init; } = CompilerServerStart.OnStart;

    /// <summary>
    /// With <see cref="CompilerServerStart.OnStart"/>, compile a small file in the server once it listens,
    /// so the first app's build finds the compiler loaded and compiled to machine code. On by default.
    /// </summary>
    public bool WarmCompilerServer { get; init; } = true;
}
