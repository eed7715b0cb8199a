using System.Text.Json;

namespace Strata.Core.Building;

/// <summary>The cache records of one app's steps: <c>&lt;folder&gt;/&lt;step&gt;.json</c>.</summary>
internal sealed class BuildCache(string folder)
{
    /// <summary>The record of the step's last successful run, or null when there is none or it is unreadable.</summary>
    public StepCacheRecord? Read(string step)
    {
        var path = PathOf(step);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, BuildCacheJsonContext.Default.StepCacheRecord);
        }
        catch (JsonException)
        {
            // A damaged record only costs a rebuild.
            return null;
        }
    }

    public void Write(string step, StepCacheRecord record)
    {
        Directory.CreateDirectory(folder);
        // Write then rename, so that a build killed mid-write leaves no half record behind.
        var path = PathOf(step);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, BuildCacheJsonContext.Default.StepCacheRecord));
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string step)
    {
        // File.Delete tolerates a missing file but not a missing folder (the first build that fails).
        if (Directory.Exists(folder))
        {
            File.Delete(PathOf(step));
        }
    }

    private string PathOf(string step) => Path.Combine(folder, step + ".json");
}
