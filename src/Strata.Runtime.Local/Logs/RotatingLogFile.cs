using System.Text;

namespace Strata.Runtime.Local.Logs;

/// <summary>
/// A replica's log file that never grows past a size cap: before a line would cross it, the file is
/// renamed <c>&lt;id&gt;.log.1</c> (older ones shift up, the oldest beyond the count is deleted) and a new
/// one begins. Only a single line longer than the cap makes a file larger than the cap.
/// </summary>
internal sealed class RotatingLogFile(string path, long maxBytes, int maxFiles) : IDisposable
{
    private FileStream? _stream;
    private long _length;

    /// <summary>Appends <paramref name="line"/> and a line break and flushes, rotating first when the line would not fit.</summary>
    public void WriteLine(string line)
    {
        Append(line);
        Flush();
    }

    /// <summary>
    /// Appends <paramref name="line"/> and a line break to the file's buffer, rotating first when the line
    /// would not fit; <see cref="Flush"/> writes the buffer out.
    /// </summary>
    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _stream ??= Open();
        if (_length > 0 && _length + bytes.Length > maxBytes)
        {
            Rotate();
        }

        _stream.Write(bytes);
        _length += bytes.Length;
    }

    /// <summary>Writes out what <see cref="Append"/> buffered.</summary>
    public void Flush() => _stream?.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _length = stream.Length;
        return stream;
    }

    private void Rotate()
    {
        _stream!.Dispose();
        _stream = null;
        if (maxFiles <= 1)
        {
            File.Delete(path);
        }
        else
        {
            File.Delete($"{path}.{maxFiles - 1}");
            for (var i = maxFiles - 2; i >= 1; i--)
            {
                if (File.Exists($"{path}.{i}"))
                {
                    File.Move($"{path}.{i}", $"{path}.{i + 1}", overwrite: true);
                }
            }

            File.Move(path, $"{path}.1", overwrite: true);
        }

        _stream = Open();
    }
}
