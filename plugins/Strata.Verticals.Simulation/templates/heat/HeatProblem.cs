namespace Simulation.Heat;

/// <summary>
/// 3D heat diffusion, du/dt = alpha * laplacian(u), on the cube [0, Length]^3 with the faces held at
/// <see cref="BoundaryTemperature"/> (Dirichlet). The grid has <see cref="Points"/> interior points
/// per axis, spacing h = Length / (Points + 1).
/// </summary>
public sealed record HeatProblem
{
    /// <summary>Interior grid points per axis.</summary>
    public int Points { get; init; } = 16;

    /// <summary>The cube's edge length.</summary>
    public double Length { get; init; } = 1.0;

    /// <summary>The thermal diffusivity.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>The time step.</summary>
    public double TimeStep { get; init; } = 1e-4;

    /// <summary><see cref="HeatScheme.Explicit"/> (FTCS, conditionally stable) or <see cref="HeatScheme.Implicit"/> (backward Euler).</summary>
    public HeatScheme Scheme { get; init; } = HeatScheme.Explicit;

    /// <summary>The temperature of the cube's faces.</summary>
    public double BoundaryTemperature { get; init; }

    /// <summary>The grid spacing.</summary>
    public double Spacing => Length / (Points + 1);

    /// <summary>The diffusion number r = alpha * dt / h^2.</summary>
    public double DiffusionNumber => Alpha * TimeStep / (Spacing * Spacing);

    /// <summary>The largest time step the explicit scheme is stable with: h^2 / (6 alpha).</summary>
    public double ExplicitStabilityLimit => Spacing * Spacing / (6 * Alpha);
}
