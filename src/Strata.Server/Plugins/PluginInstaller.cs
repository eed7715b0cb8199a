using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Core.Plugins;
using Strata.Core.State;
using Strata.Server.Api;
using Strata.Server.Hosting;
using Strata.Validation;

namespace Strata.Server.Plugins;

/// <summary>
/// Installs, updates and removes vertical packages in the running host: download from the configured
/// sources, lay out <c>&lt;data&gt;/plugins/&lt;id&gt;/</c>, load it through the <see cref="VerticalCatalog"/>
/// (its API answers at once), and record id, version and SHA-512 in the state store. A package that the
/// catalog refuses or that fails leaves nothing behind; an update that fails puts the old version back.
/// One operation at a time.
/// </summary>
internal sealed partial class PluginInstaller(
    VerticalCatalog catalog,
    StateStore state,
    DataLayout layout,
    PluginSources sources,
    IOptions<PluginsOptions> options,
    ILogger<PluginInstaller> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<InstalledPlugin>> ListAsync(CancellationToken ct)
    {
        var records = await state.ListPluginsAsync(ct).ConfigureAwait(false);
        return [.. records.Select(r => ToInfo(r, Vertical(r.Path)))];
    }

    public async Task<InstalledPlugin> AddAsync(string? id, string? version, string? source, CancellationToken ct)
    {
        var packageId = CheckId(id);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var folder = FolderOf(packageId);
            if (await FindAsync(packageId, ct).ConfigureAwait(false) is { } existing)
            {
                throw new ApiException(409, "Already installed", $"{existing.Name} {existing.Version} is installed; use 'strata plugin update {existing.Name}' to change its version.");
            }

            if (Directory.Exists(folder))
            {
                throw new ApiException(409, "Folder in use", $"{folder} exists but no package installed it; remove the folder first.");
            }

            var from = sources.Select(source);
            var package = await PackageFeeds.DownloadAsync(packageId, version, from, ct).ConfigureAwait(false);
            folder = FolderOf(package.Id);
            var staged = await StageAsync(package, from, ct).ConfigureAwait(false);
            Directory.CreateDirectory(layout.DefaultPlugins);
            Directory.Move(staged.Folder, folder);
            Directory.Delete(Path.GetDirectoryName(staged.Folder)!);
            var loaded = await LoadOrRemoveAsync(folder, package, ct).ConfigureAwait(false);
            return await RecordAsync(package, loaded, staged.Dependencies, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<InstalledPlugin> UpdateAsync(string id, string? version, string? source, CancellationToken ct)
    {
        var packageId = CheckId(id);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var record = await FindAsync(packageId, ct).ConfigureAwait(false)
                ?? throw ApiException.NotFound($"No plugin '{packageId}' is installed from a package; install it with 'strata plugin add {packageId}'.");
            var from = sources.Select(source);
            var package = await PackageFeeds.DownloadAsync(record.Name, version, from, ct).ConfigureAwait(false);
            if (package.Sha512 == record.PackageHash && Vertical(record.Path) is { State: VerticalState.Loaded } current)
            {
                return ToInfo(record, current) with { Unchanged = true };
            }

            var staged = await StageAsync(package, from, ct).ConfigureAwait(false);
            var folder = record.Path;
            var backup = folder + ".previous-" + Guid.NewGuid().ToString("N");
            var collected = await UnloadFolderAsync(folder, ct).ConfigureAwait(false);
            Directory.Move(folder, backup);
            Directory.Move(staged.Folder, folder);
            Directory.Delete(Path.GetDirectoryName(staged.Folder)!);
            try
            {
                var loaded = await LoadOrRemoveAsync(folder, package, ct).ConfigureAwait(false);
                Directory.Delete(backup, recursive: true);
                return await RecordAsync(package, loaded, staged.Dependencies, ct).ConfigureAwait(false) with { PreviousVersion = record.Version, PreviousCollected = collected };
            }
            catch (ApiException)
            {
                // The new version was refused: put the old one back as it was.
                Directory.Move(backup, folder);
                catalog.Load(folder);
                LogRestored(logger, record.Name, record.Version);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<InstalledPlugin> RemoveAsync(string id, CancellationToken ct)
    {
        var packageId = CheckId(id);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var record = await FindAsync(packageId, ct).ConfigureAwait(false);
            if (record is null)
            {
                var known = (await state.ListPluginsAsync(ct).ConfigureAwait(false)).FirstOrDefault(r => string.Equals(r.Name, packageId, StringComparison.OrdinalIgnoreCase));
                throw known is null
                    ? ApiException.NotFound($"No plugin '{packageId}' is installed.")
                    : new ApiException(409, "Not installed from a package", $"{known.Name} was loaded from {known.Path}, not installed from a package; remove it from the host's plugin folders instead.");
            }

            var vertical = Vertical(record.Path);
            var collected = await UnloadFolderAsync(record.Path, ct).ConfigureAwait(false);
            if (Directory.Exists(record.Path))
            {
                Directory.Delete(record.Path, recursive: true);
            }

            await state.DeletePluginAsync(record.Name, ct).ConfigureAwait(false);
            LogRemoved(logger, record.Name, record.Version, collected);
            return ToInfo(record, vertical) with { State = "Removed", PreviousVersion = record.Version, PreviousCollected = collected };
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string CheckId(string? id)
    {
        // NuGet ids: letters, digits, '.', '-', '_'; the id also names a folder, so nothing else may pass.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || id.StartsWith('.') || id.Contains("..", StringComparison.Ordinal))
        {
            throw ApiException.Invalid("Invalid package id", [new ValidationProblem("id", $"'{id}' is not a package id such as Acme.Verticals.Hello (letters, digits, '.', '-', '_').")]);
        }

        return id;
    }

    private string FolderOf(string id) => Path.Combine(layout.DefaultPlugins, id);

    private async Task<PluginRecord?> FindAsync(string id, CancellationToken ct)
        => (await state.ListPluginsAsync(ct).ConfigureAwait(false)).FirstOrDefault(r => r.PackageHash is not null && string.Equals(r.Name, id, StringComparison.OrdinalIgnoreCase));

    private LoadedVertical? Vertical(string folder)
        => catalog.All.FirstOrDefault(v => string.Equals(v.Directory, Path.GetFullPath(folder), StringComparison.Ordinal));

    private async Task<(string Folder, IReadOnlyList<string> Dependencies)> StageAsync(PluginPackage package, IReadOnlyList<string> from, CancellationToken ct)
    {
        var staging = Path.Combine(layout.Staging, "plugins", Guid.NewGuid().ToString("N"), package.Id);
        try
        {
            var dependencies = await PluginExtractor.ExtractAsync(package, staging, from, ct).ConfigureAwait(false);
            return (staging, dependencies);
        }
        catch
        {
            Directory.Delete(Path.GetDirectoryName(staging)!, recursive: true);
            throw;
        }
    }

    private async Task<LoadedVertical> LoadOrRemoveAsync(string folder, PluginPackage package, CancellationToken ct)
    {
        var loaded = catalog.Load(folder);
        if (loaded.State == VerticalState.Loaded)
        {
            return loaded;
        }

        // Refused or failed: forget it (unless the catalog kept another plugin under that name) and delete its files.
        if (catalog.Find(loaded.Name) is { } entry && entry.Directory == loaded.Directory)
        {
            await catalog.UnloadAsync(loaded.Name, TimeSpan.Zero, ct).ConfigureAwait(false);
        }

        Directory.Delete(folder, recursive: true);
        LogRefused(logger, package.Id, package.Version, loaded.Reason ?? "");
        throw new ApiException(422, "Plugin refused", $"{package.Id} {package.Version} was not installed: {loaded.Reason}");
    }

    private async Task<bool?> UnloadFolderAsync(string folder, CancellationToken ct)
    {
        var name = Vertical(folder)?.Name;
        if (name is null)
        {
            return null;
        }

        var context = await catalog.UnloadAsync(name, options.Value.DrainTimeout, ct).ConfigureAwait(false);
        // On a fresh task: this method's state machine must not hold the plugin while the GC looks.
        return context is null ? null : await Task.Run(() => WaitCollected(context), ct).ConfigureAwait(false);
    }

    private static bool WaitCollected(WeakReference context)
    {
        for (var i = 0; i < 40 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (context.IsAlive)
            {
                Thread.Sleep(25);
            }
        }

        return !context.IsAlive;
    }

    private async Task<InstalledPlugin> RecordAsync(PluginPackage package, LoadedVertical loaded, IReadOnlyList<string> dependencies, CancellationToken ct)
    {
        var record = new PluginRecord(package.Id, package.Version, loaded.Descriptor?.ContractVersion ?? "", loaded.Directory, loaded.State.ToString(), loaded.Reason, DateTimeOffset.UtcNow)
        {
            PackageHash = package.Sha512,
            Source = package.Source,
        };
        await state.UpsertPluginAsync(record, ct).ConfigureAwait(false);
        LogInstalled(logger, package.Id, package.Version, loaded.Name, package.Source);
        return ToInfo(record, loaded) with { Dependencies = dependencies };
    }

    private static InstalledPlugin ToInfo(PluginRecord record, LoadedVertical? vertical)
        => new(record.Name, record.Version, vertical?.Name, vertical?.State.ToString() ?? record.State, vertical?.Reason ?? record.Reason, record.PackageHash, record.Source, record.Path);

    [LoggerMessage(4101, LogLevel.Information, "Installed plugin {Id} {Version} (vertical {Vertical}) from {Source}")]
    private static partial void LogInstalled(ILogger logger, string id, string version, string vertical, string source);

    [LoggerMessage(4102, LogLevel.Warning, "Refused plugin {Id} {Version}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string id, string version, string reason);

    [LoggerMessage(4103, LogLevel.Information, "Removed plugin {Id} {Version}; old load context collected: {Collected}")]
    private static partial void LogRemoved(ILogger logger, string id, string version, bool? collected);

    [LoggerMessage(4104, LogLevel.Warning, "Put plugin {Id} {Version} back after its update was refused")]
    private static partial void LogRestored(ILogger logger, string id, string version);
}
