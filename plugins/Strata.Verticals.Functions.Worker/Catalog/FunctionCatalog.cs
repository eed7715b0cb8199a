using Microsoft.Extensions.Logging;

namespace Strata.Verticals.Functions.Worker.Catalog;

/// <summary>
/// The functions a worker may serve: one subfolder of the functions folder per function revision,
/// each with a <c>function.json</c>. The highest revision of an app wins. The folder is scanned at
/// start, again (debounced) when it changes, and when a request names an app not seen yet, so a
/// function registered a moment ago is served without restarting the worker.
/// </summary>
/// <remarks>
/// Register a function by writing its folder under another name and renaming it into place (or by
/// writing <c>function.json</c> last): a folder without a descriptor is skipped as not ready.
/// </remarks>
internal sealed class FunctionCatalog : IDisposable
{
    private static readonly TimeSpan MinRescanInterval = TimeSpan.FromMilliseconds(200);
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _scanLock = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private volatile bool _dirty = true;
    private long _lastScan = long.MinValue / 2;

    public FunctionCatalog(string directory, ILogger<FunctionCatalog> logger)
    {
        _directory = directory;
        _logger = logger;
        try
        {
            // Top level only: a registration renames a finished folder into place; one inotify watch, not one per function.
            _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName | NotifyFilters.LastWrite };
            _watcher.Changed += (_, _) => _dirty = true;
            _watcher.Created += (_, _) => _dirty = true;
            _watcher.Deleted += (_, _) => _dirty = true;
            _watcher.Renamed += (_, _) => _dirty = true;
            _watcher.Error += (_, _) => _dirty = true;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Without a watcher the catalog still rescans when a request names an unknown app.
            WorkerLog.WatcherUnavailable(logger, directory, ex.Message);
        }

        Rescan();
    }

    /// <summary>The folder scanned.</summary>
    public string Directory => _directory;

    /// <summary>Every app with a valid descriptor, by app name.</summary>
    public IReadOnlyDictionary<string, FunctionDescriptor> Functions => Current.Functions;

    /// <summary>Folders whose descriptor cannot be used, with the reason, by folder name.</summary>
    public IReadOnlyDictionary<string, string> Invalid => Current.Invalid;

    /// <summary>
    /// The descriptor of <paramref name="app"/>, or null. Rescans first when the folder changed, and on
    /// a miss when the last scan is older than a moment (a flood of unknown names cannot cause a scan per request).
    /// </summary>
    public FunctionDescriptor? Find(string app)
    {
        if (Current.Functions.TryGetValue(app, out var descriptor))
        {
            return descriptor;
        }

        if (Environment.TickCount64 - Interlocked.Read(ref _lastScan) >= MinRescanInterval.TotalMilliseconds)
        {
            Rescan();
            return _snapshot.Functions.GetValueOrDefault(app);
        }

        return null;
    }

    /// <summary>Reads every descriptor of the folder again.</summary>
    public void Rescan()
    {
        lock (_scanLock)
        {
            _dirty = false;
            Interlocked.Exchange(ref _lastScan, Environment.TickCount64);
            var functions = new Dictionary<string, FunctionDescriptor>(StringComparer.Ordinal);
            var invalid = new Dictionary<string, string>(StringComparer.Ordinal);
            IEnumerable<string> folders;
            try
            {
                folders = System.IO.Directory.EnumerateDirectories(_directory).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WorkerLog.ScanFailed(_logger, _directory, ex.Message);
                return;
            }

            foreach (var folder in folders)
            {
                if (!File.Exists(Path.Combine(folder, FunctionDescriptor.FileName)))
                {
                    continue;
                }

                try
                {
                    var descriptor = FunctionDescriptor.Read(folder);
                    if (functions.TryGetValue(descriptor.App, out var other))
                    {
                        if (other.Revision == descriptor.Revision)
                        {
                            invalid[Path.GetFileName(folder)] = $"declares revision {descriptor.Revision} of app '{descriptor.App}', which {Path.GetFileName(other.Directory)} declares too; the first one found is served.";
                            continue;
                        }

                        if (other.Revision > descriptor.Revision)
                        {
                            continue;
                        }
                    }

                    functions[descriptor.App] = descriptor;
                }
                catch (FunctionDescriptorException ex)
                {
                    invalid[Path.GetFileName(folder)] = ex.Message;
                    WorkerLog.InvalidDescriptor(_logger, Path.GetFileName(folder), ex.Message);
                }
            }

            _snapshot = new Snapshot(functions, invalid);
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private Snapshot Current
    {
        get
        {
            if (_dirty)
            {
                Rescan();
            }

            return _snapshot;
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, FunctionDescriptor> Functions, IReadOnlyDictionary<string, string> Invalid)
    {
        public static Snapshot Empty { get; } = new(new Dictionary<string, FunctionDescriptor>(), new Dictionary<string, string>());
    }
}
