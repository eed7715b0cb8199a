using System.Buffers.Binary;
using System.Text.Json;

namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>
/// A task's final 3D field: float32 little-endian values, x fastest, with the shape its <c>summary.json</c>
/// states (<c>field: { file, format: float32-le, shape: [nx, ny, nz] }</c>).
/// </summary>
internal sealed record FieldFile(int Nx, int Ny, int Nz, float[] Values)
{
    /// <summary>The largest field the API reads into memory (256^3 values).</summary>
    public const long MaxValues = 256L * 256 * 256;

    public float this[int x, int y, int z] => Values[x + (Nx * (y + (Ny * z)))];

    /// <summary>Reads the field a task folder's summary names; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static FieldFile Read(string taskFolder)
    {
        using var summary = JsonFiles.Read(Path.Combine(taskFolder, "summary.json"));
        if (!summary.RootElement.TryGetProperty("field", out var field)
            || !field.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.String || !RunStore.IsFileName(file.GetString()!)
            || !field.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() != 3
            || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var n) || n < 1))
        {
            throw new InvalidDataException("the task's summary.json names no field: it needs field: { file, format: float32-le, shape: [nx, ny, nz] }.");
        }

        if (field.TryGetProperty("format", out var format) && format.GetString() != "float32-le")
        {
            throw new InvalidDataException($"the field's format is '{format.GetString()}'; the API reads float32-le.");
        }

        var dims = shape.EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var count = (long)dims[0] * dims[1] * dims[2];
        if (count > MaxValues)
        {
            throw new InvalidDataException($"the field has {count} values; the API draws fields of at most {MaxValues}.");
        }

        var bytes = File.ReadAllBytes(Path.Combine(taskFolder, file.GetString()!));
        if (bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException($"the field file has {bytes.Length} bytes; shape [{string.Join(", ", dims)}] needs {count * sizeof(float)}.");
        }

        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return new FieldFile(dims[0], dims[1], dims[2], values);
    }
}
