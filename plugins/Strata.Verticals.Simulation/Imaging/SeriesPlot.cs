namespace Strata.Verticals.Simulation.Imaging;

/// <summary>
/// Plots series against a shared x column as polylines on a white canvas with axes: no text (no fonts in
/// a plugin), so the API states the ranges in response headers.
/// </summary>
internal static class SeriesPlot
{
    private const int Margin = 24;

    private static readonly (byte R, byte G, byte B)[] Palette = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14), (23, 190, 207)];

    /// <summary>Draws each of <paramref name="series"/> (y values) against <paramref name="x"/>; returns the PNG and the plotted ranges.</summary>
    public static (byte[] Png, double XMin, double XMax, double YMin, double YMax) Draw(IReadOnlyList<double> x, IReadOnlyList<IReadOnlyList<double>> series, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        Array.Fill(rgb, (byte)255);
        var finiteX = x.Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var finiteY = series.SelectMany(s => s).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        double xMin = finiteX.Min(), xMax = finiteX.Max(), yMin = finiteY.Min(), yMax = finiteY.Max();
        var xSpan = xMax > xMin ? xMax - xMin : 1;
        var ySpan = yMax > yMin ? yMax - yMin : 1;
        var (left, right, top, bottom) = (Margin, width - 1 - (Margin / 2), Margin / 2, height - 1 - Margin);

        Line(rgb, width, height, left, bottom, right, bottom, (0, 0, 0));
        Line(rgb, width, height, left, bottom, left, top, (0, 0, 0));
        for (var s = 0; s < series.Count; s++)
        {
            (int X, int Y)? previous = null;
            for (var i = 0; i < Math.Min(x.Count, series[s].Count); i++)
            {
                if (!double.IsFinite(x[i]) || !double.IsFinite(series[s][i]))
                {
                    previous = null;
                    continue;
                }

                var point = ((int)Math.Round(left + ((x[i] - xMin) / xSpan * (right - left))), (int)Math.Round(bottom - ((series[s][i] - yMin) / ySpan * (bottom - top))));
                if (previous is { } p)
                {
                    Line(rgb, width, height, p.X, p.Y, point.Item1, point.Item2, Palette[s % Palette.Length]);
                }

                previous = point;
            }
        }

        return (PngEncoder.Encode(width, height, rgb), xMin, xMax, yMin, yMax);
    }

    // Bresenham, two pixels thick so that lines read at any size.
    private static void Line(byte[] rgb, int width, int height, int x0, int y0, int x1, int y1, (byte R, byte G, byte B) color)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        while (true)
        {
            Plot(rgb, width, height, x0, y0, color);
            Plot(rgb, width, height, x0 + 1, y0, color);
            Plot(rgb, width, height, x0, y0 + 1, color);
            if (x0 == x1 && y0 == y1)
            {
                break;
            }

            var e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    private static void Plot(byte[] rgb, int width, int height, int x, int y, (byte R, byte G, byte B) color)
    {
        if (x < 0 || y < 0 || x >= width || y >= height)
        {
            return;
        }

        var at = ((y * width) + x) * 3;
        (rgb[at], rgb[at + 1], rgb[at + 2]) = color;
    }
}
