using Simulation.Heat;

namespace Strata.Verticals.Simulation.Tests.Solver;

/// <summary>
/// The template's solver against the analytic solution of one Fourier mode: on the unit cube with zero
/// faces, u0 = sin(pi x) sin(pi y) sin(pi z) decays as exp(-3 pi^2 alpha t). Stated tolerance: within
/// 1 % of the initial amplitude at every grid point (15^3 points, t = 0.02, 200 steps).
/// </summary>
public sealed class HeatSolverTests
{
    private const double Tolerance = 0.01;

    [Theory]
    [InlineData(HeatScheme.Explicit)]
    [InlineData(HeatScheme.Implicit)]
    public void A_single_Fourier_mode_decays_as_the_analytic_solution(HeatScheme scheme)
    {
        var problem = new HeatProblem { Points = 15, Alpha = 1.0, TimeStep = 1e-4, Scheme = scheme };

        var (error, amplitude) = Run(problem, steps: 200);

        Assert.InRange(amplitude, 0.5, 0.6); // exp(-3 pi^2 * 0.02) = 0.553: the mode really decayed
        Assert.True(error < Tolerance, $"max error {error:G4} of the initial amplitude, tolerance {Tolerance}");
    }

    [Fact]
    public void The_error_shrinks_about_fourfold_when_the_grid_spacing_halves()
    {
        // Second order in space: a wrong stencil (or a sign error) would not converge like this.
        var coarse = Run(new HeatProblem { Points = 7, TimeStep = 1e-5, Scheme = HeatScheme.Implicit }, steps: 500).Error;
        var fine = Run(new HeatProblem { Points = 15, TimeStep = 1e-5, Scheme = HeatScheme.Implicit }, steps: 500).Error;

        Assert.InRange(coarse / fine, 3.0, 5.0);
    }

    [Fact]
    public void The_explicit_scheme_refuses_a_step_beyond_its_stability_limit()
    {
        var problem = new HeatProblem { Points = 15, Alpha = 1.0, TimeStep = 1e-3 };

        var refused = Assert.Throws<ArgumentException>(() => new HeatSolver(problem, (_, _, _) => 0));

        Assert.Contains("unstable", refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem.ExplicitStabilityLimit.ToString("G4", System.Globalization.CultureInfo.CurrentCulture), refused.Message, StringComparison.Ordinal);
        // The implicit scheme takes the same step and stays bounded.
        var solver = new HeatSolver(problem with { Scheme = HeatScheme.Implicit }, Mode);
        for (var i = 0; i < 10; i++)
        {
            solver.Step();
        }

        Assert.All(solver.Field, value => Assert.InRange(value, 0.0, 1.0));
    }

    [Fact]
    public void Faces_at_a_fixed_temperature_pull_the_inside_towards_it()
    {
        var solver = new HeatSolver(new HeatProblem { Points = 6, BoundaryTemperature = 10, TimeStep = 1e-3, Scheme = HeatScheme.Implicit }, (_, _, _) => 0);
        for (var i = 0; i < 2000; i++)
        {
            solver.Step();
        }

        Assert.All(solver.Field, value => Assert.InRange(value, 9.9, 10.0 + 1e-9));
    }

    private static (double Error, double Amplitude) Run(HeatProblem problem, int steps)
    {
        var solver = new HeatSolver(problem, Mode);
        for (var i = 0; i < steps; i++)
        {
            solver.Step();
        }

        var decay = Math.Exp(-3 * Math.PI * Math.PI * problem.Alpha * solver.Time);
        var h = problem.Spacing;
        var n = problem.Points;
        var error = 0.0;
        var amplitude = 0.0;
        for (var z = 0; z < n; z++)
        {
            for (var y = 0; y < n; y++)
            {
                for (var x = 0; x < n; x++)
                {
                    var value = solver.Field[solver.Index(x, y, z)];
                    error = Math.Max(error, Math.Abs(value - (decay * Mode((x + 1) * h, (y + 1) * h, (z + 1) * h))));
                    amplitude = Math.Max(amplitude, value / Mode((x + 1) * h, (y + 1) * h, (z + 1) * h));
                }
            }
        }

        return (error, amplitude);
    }

    private static double Mode(double x, double y, double z) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y) * Math.Sin(Math.PI * z);
}
