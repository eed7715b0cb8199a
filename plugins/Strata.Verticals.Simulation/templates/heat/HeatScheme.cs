namespace Simulation.Heat;

/// <summary>How <see cref="HeatSolver"/> advances one step.</summary>
public enum HeatScheme
{
    /// <summary>Forward Euler in time, central differences in space (FTCS): stable while alpha dt / h^2 &lt;= 1/6.</summary>
    Explicit,

    /// <summary>Backward Euler, solved with conjugate gradients: stable for any step.</summary>
    Implicit,
}
