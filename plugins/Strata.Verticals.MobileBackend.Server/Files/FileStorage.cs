namespace Strata.Verticals.MobileBackend.Server.Files;

/// <summary>Uploaded bytes in the app's volume, one file per id, written to a temporary name and moved in place when complete.</summary>
internal sealed class FileStorage
{
    private readonly string _folder;

    /// <summary>Keeps files in <c>&lt;dataDirectory&gt;/files</c>.</summary>
    public FileStorage(string dataDirectory)
    {
        _folder = Path.Combine(dataDirectory, "files");
        Directory.CreateDirectory(_folder);
    }

    /// <summary>Where the file with <paramref name="id"/> lives (ids are server-made hex strings).</summary>
    public string PathOf(string id) => Path.Combine(_folder, Path.GetFileName(id));

    /// <summary>Copies <paramref name="body"/> in; null (and nothing kept) when it holds more than <paramref name="maxBytes"/>.</summary>
    public async Task<long?> WriteAsync(string id, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var target = PathOf(id);
        var partial = target + ".partial";
        long size = 0;
        try
        {
            await using (var file = File.Create(partial))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (size > maxBytes)
            {
                File.Delete(partial);
                return null;
            }

            File.Move(partial, target);
            return size;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>Removes a file's bytes.</summary>
    public void Delete(string id) => File.Delete(PathOf(id));
}
