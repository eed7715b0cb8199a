namespace Strata.Verticals.Simulation.Imaging;

/// <summary>A perceptually ordered black–purple–orange–yellow map (after matplotlib's "inferno"), for field values.</summary>
internal static class ColorMap
{
    private static readonly (double At, byte R, byte G, byte B)[] Stops =
    [
        (0.00, 0, 0, 4),
        (0.25, 87, 16, 110),
        (0.50, 188, 55, 84),
        (0.75, 249, 142, 9),
        (1.00, 252, 255, 164),
    ];

    /// <summary>The colour of <paramref name="t"/> in [0, 1] (clamped; NaN is black).</summary>
    public static (byte R, byte G, byte B) At(double t)
    {
        if (double.IsNaN(t))
        {
            return (0, 0, 0);
        }

        t = Math.Clamp(t, 0, 1);
        for (var i = 1; i < Stops.Length; i++)
        {
            if (t <= Stops[i].At)
            {
                var (a, b) = (Stops[i - 1], Stops[i]);
                var f = (t - a.At) / (b.At - a.At);
                return (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
            }
        }

        return (Stops[^1].R, Stops[^1].G, Stops[^1].B);
    }

    private static byte Mix(byte from, byte to, double f) => (byte)Math.Round(from + ((to - from) * f));
}
