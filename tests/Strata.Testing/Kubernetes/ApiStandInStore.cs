using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Strata.Testing.Kubernetes;

/// <summary>Where an object lives: its group, plural, namespace (null: cluster-scoped) and name.</summary>
internal sealed record StoredKey(string Group, string Plural, string? Namespace, string Name);

/// <summary>
/// The stand-in's objects, one resourceVersion counter for all of them (as etcd has), the history of
/// changes (so a watch from a version replays what it missed) and the open watches.
/// </summary>
internal sealed class ApiStandInStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<StoredKey, JsonObject> objects = [];
    private readonly List<Change> history = [];
    private readonly List<Watch> watches = [];
    private long version;

    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    public JsonObject? Get(StoredKey key)
    {
        lock (gate)
        {
            return objects.TryGetValue(key, out var found) ? Clone(found) : null;
        }
    }

    public (List<JsonObject> Items, long Version) List(string group, string plural, string? @namespace, Func<JsonObject, bool> filter)
    {
        lock (gate)
        {
            var items = objects
                .Where(o => o.Key.Group == group && o.Key.Plural == plural && (@namespace is null || o.Key.Namespace == @namespace) && filter(o.Value))
                .OrderBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => Clone(o.Value))
                .ToList();
            return (items, version);
        }
    }

    /// <summary>Stores the object with a new resourceVersion and tells the watches.</summary>
    public JsonObject Put(StoredKey key, JsonObject item)
    {
        lock (gate)
        {
            var type = objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            version++;
            item["metadata"]!.AsObject()["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            objects[key] = Clone(item);
            Publish(new Change(version, key, type, Clone(item)));
            return Clone(item);
        }
    }

    /// <summary>Changes a stored object in place (e.g. its status), if it is still there.</summary>
    public JsonObject? Update(StoredKey key, Func<JsonObject, bool> change)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(key, out var found))
            {
                return null;
            }

            var copy = Clone(found);
            return change(copy) ? Put(key, copy) : null;
        }
    }

    public JsonObject? Delete(StoredKey key)
    {
        lock (gate)
        {
            if (!objects.Remove(key, out var removed))
            {
                return null;
            }

            version++;
            removed["metadata"]!.AsObject()["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Publish(new Change(version, key, "DELETED", Clone(removed)));
            return removed;
        }
    }

    /// <summary>
    /// Opens a watch. From a version: the changes after it, then live ones; without one: every
    /// matching object as ADDED, then live ones (what the API server does for "any version").
    /// Dispose the watch to close it.
    /// </summary>
    public Watch Open(string group, string plural, string? @namespace, Func<JsonObject, bool> filter, long? from)
    {
        lock (gate)
        {
            var watch = new Watch(this, group, plural, @namespace, filter);
            if (from is { } since)
            {
                foreach (var change in history.Where(c => c.Version > since && watch.Matches(c.Key, c.Object)))
                {
                    watch.Write(Event(change.Type, Clone(change.Object)));
                }
            }
            else
            {
                foreach (var item in objects.Where(o => watch.Matches(o.Key, o.Value)).OrderBy(o => o.Key.Name, StringComparer.Ordinal))
                {
                    watch.Write(Event("ADDED", Clone(item.Value)));
                }
            }

            watches.Add(watch);
            return watch;
        }
    }

    private void Publish(Change change)
    {
        history.Add(change);
        foreach (var watch in watches.Where(w => w.Matches(change.Key, change.Object)))
        {
            watch.Write(Event(change.Type, Clone(change.Object)));
        }
    }

    private static JsonObject Event(string type, JsonObject item) => new() { ["type"] = type, ["object"] = item };

    internal static JsonObject Clone(JsonObject item) => item.DeepClone().AsObject();

    private sealed record Change(long Version, StoredKey Key, string Type, JsonObject Object);

    /// <summary>One open watch: its events, in order.</summary>
    public sealed class Watch(ApiStandInStore store, string group, string plural, string? @namespace, Func<JsonObject, bool> filter) : IDisposable
    {
        private readonly Channel<JsonObject> channel = Channel.CreateUnbounded<JsonObject>();

        public ChannelReader<JsonObject> Events => channel.Reader;

        public bool Matches(StoredKey key, JsonObject item) =>
            key.Group == group && key.Plural == plural && (@namespace is null || key.Namespace == @namespace) && filter(item);

        public void Write(JsonObject item) => channel.Writer.TryWrite(item);

        public void Dispose()
        {
            lock (store.gate)
            {
                store.watches.Remove(this);
            }

            channel.Writer.TryComplete();
        }
    }
}
