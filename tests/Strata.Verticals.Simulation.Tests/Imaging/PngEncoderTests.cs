using SkiaSharp;
using Strata.Verticals.Simulation.Imaging;
using Strata.Verticals.Simulation.ResultStore;

namespace Strata.Verticals.Simulation.Tests.Imaging;

/// <summary>The plugin's PNGs, decoded by an independent decoder (SkiaSharp, in the tests only).</summary>
public sealed class PngEncoderTests
{
    [Fact]
    public void An_encoded_image_decodes_to_the_same_size_and_pixels()
    {
        var (width, height) = (5, 3);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 7);
        }

        using var bitmap = SKBitmap.Decode(PngEncoder.Encode(width, height, rgb));

        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var pixel = bitmap.GetPixel(4, 2);
        var at = ((2 * width) + 4) * 3;
        Assert.Equal((rgb[at], rgb[at + 1], rgb[at + 2]), (pixel.Red, pixel.Green, pixel.Blue));
    }

    [Fact]
    public void A_slice_is_nx_times_scale_by_ny_times_scale_with_the_hottest_cell_brightest()
    {
        var (nx, ny, nz) = (4, 3, 2);
        var values = new float[nx * ny * nz];
        values[3 + (nx * (0 + (ny * 1)))] = 10; // x=3, y=0, z=1
        var field = new FieldFile(nx, ny, nz, values);

        using var bitmap = SKBitmap.Decode(SlicePainter.Paint(field, 'z', 1, scale: 5, rangeOfSlice: false));

        Assert.Equal((20, 15), (bitmap.Width, bitmap.Height));
        // y points up: y=0 is the bottom row of cells.
        Assert.Equal(new SKColor(252, 255, 164), bitmap.GetPixel(17, 12));
        Assert.Equal(new SKColor(0, 0, 4), bitmap.GetPixel(2, 2));
    }

    [Fact]
    public void A_series_plot_has_the_asked_size_and_draws_its_line()
    {
        var (png, xMin, xMax, yMin, yMax) = SeriesPlot.Draw([0, 1, 2, 3], [[3, 1, 0.5, 0.25]], 200, 100);

        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal((200, 100), (bitmap.Width, bitmap.Height));
        Assert.Equal((0.0, 3.0, 0.25, 3.0), (xMin, xMax, yMin, yMax));
        var coloured = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                coloured += bitmap.GetPixel(x, y) == new SKColor(31, 119, 180) ? 1 : 0;
            }
        }

        Assert.True(coloured > 100, $"{coloured} pixels of the line's colour");
    }
}
