using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Cli;

/// <summary>
/// The CLI's config file: the host it talks to by default and a bearer token per host URL, so that one
/// person can use several hosts. It lives at <c>$STRATA_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/strata/config.json</c>, else <c>~/.config/strata/config.json</c>, readable by its
/// owner only (0600, in a 0700 folder) because it holds secrets.
/// </summary>
internal sealed class CliConfig
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The host URL the CLI uses without --server or STRATA_SERVER.</summary>
    [JsonPropertyName("current")]
    public string? Current { get; set; }

    /// <summary>Per host URL (scheme://host:port), its token.</summary>
    [JsonPropertyName("hosts")]
    public Dictionary<string, HostEntry> Hosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the config file is.</summary>
    public static string FilePath =>
        Environment.GetEnvironmentVariable("STRATA_CONFIG") is { Length: > 0 } given ? Path.GetFullPath(given)
        : Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
            "strata", "config.json");

    /// <summary>Reads the config file; an absent one is empty.</summary>
    /// <exception cref="CliException">The file is not a config file.</exception>
    public static CliConfig Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new CliConfig();
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new CliConfig();
        }
        catch (JsonException ex)
        {
            throw new CliException(CliException.InvalidInput, $"error: the CLI config {path} is not valid JSON ({ex.Message}); fix or delete it, then run 'strata login'.");
        }
    }

    /// <summary>The token kept for <paramref name="server"/>, or null.</summary>
    public string? TokenOf(Uri server) => Hosts.TryGetValue(Key(server), out var entry) ? entry.Token : null;

    /// <summary>The token to send to <paramref name="server"/>: <c>$STRATA_TOKEN</c>, else the one the config file keeps for it.</summary>
    public static string? TokenFor(Uri server) =>
        Environment.GetEnvironmentVariable("STRATA_TOKEN") is { Length: > 0 } token ? token.Trim() : Load().TokenOf(server);

    /// <summary>The config file's current host; null when there is none or the file is broken (reported when a command needs its token).</summary>
    public static string? CurrentHost()
    {
        try
        {
            return Load().Current;
        }
        catch (CliException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="token"/> for <paramref name="server"/> and makes it the current host; writes the file.</summary>
    public static string SaveToken(Uri server, string token)
    {
        var config = Load();
        config.Hosts[Key(server)] = new HostEntry { Token = token };
        config.Current = Key(server);
        config.Save();
        return FilePath;
    }

    /// <summary>The form a host URL is kept under: scheme://host:port, with a wildcard listen address read as loopback.</summary>
    public static string Key(Uri server) => Core.Discovery.CallableAddress.Key(server);

    private void Save()
    {
        var path = FilePath;
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        // Written beside, owner-only from the start, then moved over: a reader never sees half a file,
        // and the secret is never readable by others, not even for a moment.
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>What the CLI keeps for one host.</summary>
    internal sealed class HostEntry
    {
        /// <summary>The bearer token (<c>strata_…</c>).</summary>
        [JsonPropertyName("token")]
        public string? Token { get; set; }
    }
}
