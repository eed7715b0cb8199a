namespace Simulation.Heat;

/// <summary>
/// Advances a <see cref="HeatProblem"/> in time. The field holds the interior points, x fastest:
/// index = x + n * (y + n * z).
/// </summary>
public sealed class HeatSolver
{
    private readonly int _n;
    private readonly double _r;
    private readonly double _boundary;
    private double[] _next;

    /// <summary>Creates a solver; throws when the explicit scheme would be unstable with the problem's step.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="initial">The initial temperature at (x, y, z).</param>
    public HeatSolver(HeatProblem problem, Func<double, double, double, double> initial)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(initial);
        if (problem.Points < 1 || problem.Alpha <= 0 || problem.TimeStep <= 0 || problem.Length <= 0)
        {
            throw new ArgumentException("points, alpha, time step and length must be positive.", nameof(problem));
        }

        if (problem.Scheme == HeatScheme.Explicit && problem.TimeStep > problem.ExplicitStabilityLimit)
        {
            throw new ArgumentException(
                $"The explicit scheme is unstable: alpha*dt/h^2 = {problem.DiffusionNumber:G4} > 1/6. Use a time step of at most {problem.ExplicitStabilityLimit:G4} (more steps) or the implicit scheme.",
                nameof(problem));
        }

        Problem = problem;
        _n = problem.Points;
        _r = problem.DiffusionNumber;
        _boundary = problem.BoundaryTemperature;
        Field = new double[_n * _n * _n];
        _next = new double[Field.Length];
        var h = problem.Spacing;
        for (var z = 0; z < _n; z++)
        {
            for (var y = 0; y < _n; y++)
            {
                for (var x = 0; x < _n; x++)
                {
                    Field[Index(x, y, z)] = initial((x + 1) * h, (y + 1) * h, (z + 1) * h);
                }
            }
        }
    }

    /// <summary>The problem being solved.</summary>
    public HeatProblem Problem { get; }

    /// <summary>The temperature at the interior points.</summary>
    public double[] Field { get; private set; }

    /// <summary>Steps taken.</summary>
    public int StepsTaken { get; private set; }

    /// <summary>The simulated time.</summary>
    public double Time => StepsTaken * Problem.TimeStep;

    /// <summary>The index of interior point (x, y, z) in <see cref="Field"/>.</summary>
    public int Index(int x, int y, int z) => x + (_n * (y + (_n * z)));

    /// <summary>Advances one time step.</summary>
    public void Step()
    {
        if (Problem.Scheme == HeatScheme.Explicit)
        {
            for (var i = 0; i < Field.Length; i++)
            {
                _next[i] = Field[i] + (_r * (NeighbourSum(Field, i, _boundary) - (6 * Field[i])));
            }
        }
        else
        {
            SolveImplicit();
        }

        (Field, _next) = (_next, Field);
        StepsTaken++;
    }

    /// <summary>
    /// Backward Euler: (1 + 6r) u' - r * (interior neighbours of u') = u + r * (boundary neighbours).
    /// The matrix is symmetric positive definite, so conjugate gradients converge; the old field is the first guess.
    /// </summary>
    private void SolveImplicit()
    {
        var length = Field.Length;
        var rhs = new double[length];
        for (var i = 0; i < length; i++)
        {
            rhs[i] = Field[i] + (_r * BoundaryNeighbours(i) * _boundary);
        }

        Array.Copy(Field, _next, length);
        var residual = new double[length];
        var direction = new double[length];
        var product = new double[length];
        Multiply(_next, product);
        for (var i = 0; i < length; i++)
        {
            residual[i] = rhs[i] - product[i];
            direction[i] = residual[i];
        }

        var rr = Dot(residual, residual);
        var tolerance = 1e-24 * Math.Max(Dot(rhs, rhs), 1e-300);
        for (var iteration = 0; iteration < 10 * length && rr > tolerance; iteration++)
        {
            Multiply(direction, product);
            var step = rr / Dot(direction, product);
            for (var i = 0; i < length; i++)
            {
                _next[i] += step * direction[i];
                residual[i] -= step * product[i];
            }

            var rrNext = Dot(residual, residual);
            var beta = rrNext / rr;
            rr = rrNext;
            for (var i = 0; i < length; i++)
            {
                direction[i] = residual[i] + (beta * direction[i]);
            }
        }
    }

    /// <summary>The implicit matrix times <paramref name="vector"/> (boundary values are on the right-hand side).</summary>
    private void Multiply(double[] vector, double[] result)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            result[i] = ((1 + (6 * _r)) * vector[i]) - (_r * NeighbourSum(vector, i, 0));
        }
    }

    /// <summary>The sum of the six neighbours of point <paramref name="i"/>; neighbours beyond the faces count as <paramref name="outside"/>.</summary>
    private double NeighbourSum(double[] field, int i, double outside)
    {
        var n = _n;
        var x = i % n;
        var y = i / n % n;
        var z = i / (n * n);
        return (x > 0 ? field[i - 1] : outside)
            + (x < n - 1 ? field[i + 1] : outside)
            + (y > 0 ? field[i - n] : outside)
            + (y < n - 1 ? field[i + n] : outside)
            + (z > 0 ? field[i - (n * n)] : outside)
            + (z < n - 1 ? field[i + (n * n)] : outside);
    }

    private int BoundaryNeighbours(int i)
    {
        var n = _n;
        var x = i % n;
        var y = i / n % n;
        var z = i / (n * n);
        return (x == 0 ? 1 : 0) + (x == n - 1 ? 1 : 0) + (y == 0 ? 1 : 0) + (y == n - 1 ? 1 : 0) + (z == 0 ? 1 : 0) + (z == n - 1 ? 1 : 0);
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
