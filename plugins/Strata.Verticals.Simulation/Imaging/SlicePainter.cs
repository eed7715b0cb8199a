using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Imaging;

/// <summary>
/// Draws one 2D slice of a 3D field: the plane <c>axis = index</c>, each cell a <c>scale</c> × <c>scale</c>
/// square, colours from the field's (or the slice's) minimum to maximum, the second axis pointing up.
/// The image is (first in-plane extent × scale) wide and (second × scale) high: for axis z, nx·scale × ny·scale.
/// </summary>
internal static class SlicePainter
{
    public static (int Width, int Height) Size(FieldFile field, char axis, int scale) => axis switch
    {
        'x' => (field.Ny * scale, field.Nz * scale),
        'y' => (field.Nx * scale, field.Nz * scale),
        _ => (field.Nx * scale, field.Ny * scale),
    };

    public static int Extent(FieldFile field, char axis) => axis switch { 'x' => field.Nx, 'y' => field.Ny, _ => field.Nz };

    public static byte[] Paint(FieldFile field, char axis, int index, int scale, bool rangeOfSlice)
    {
        var (cellsU, cellsV) = Size(field, axis, 1);
        float Value(int u, int v) => axis switch
        {
            'x' => field[index, u, v],
            'y' => field[u, index, v],
            _ => field[u, v, index],
        };

        double min = double.MaxValue, max = double.MinValue;
        if (rangeOfSlice)
        {
            for (var v = 0; v < cellsV; v++)
            {
                for (var u = 0; u < cellsU; u++)
                {
                    min = Math.Min(min, Value(u, v));
                    max = Math.Max(max, Value(u, v));
                }
            }
        }
        else
        {
            min = field.Values.Min();
            max = field.Values.Max();
        }

        var span = max > min ? max - min : 1;
        var (width, height) = (cellsU * scale, cellsV * scale);
        var rgb = new byte[width * height * 3];
        for (var py = 0; py < height; py++)
        {
            var v = cellsV - 1 - (py / scale);
            for (var px = 0; px < width; px++)
            {
                var (r, g, b) = ColorMap.At((Value(px / scale, v) - min) / span);
                var at = ((py * width) + px) * 3;
                (rgb[at], rgb[at + 1], rgb[at + 2]) = (r, g, b);
            }
        }

        return PngEncoder.Encode(width, height, rgb);
    }
}
