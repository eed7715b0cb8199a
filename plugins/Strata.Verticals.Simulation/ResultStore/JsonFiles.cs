using System.Text.Json;

namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>Reads the JSON files a model writes, with or without a UTF-8 byte order mark.</summary>
internal static class JsonFiles
{
    public static JsonDocument Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return JsonDocument.Parse(bytes.AsMemory(start));
    }
}
