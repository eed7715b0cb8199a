// Control-plane scale: what the host does for N apps, without the processes.
//   1. parse and validate N manifests (the vertical's spec validation included);
//   2. map each revision through the real functions vertical, apply caas overrides, check the set;
//   3. render each onto Kubernetes objects and YAML (what `strata render` and a cluster deploy do);
//   4. record N apps with a revision each in a fresh SQLite state store: the first RECORDED through
//      StateStore as deploys do (one durable commit each, timed per deploy), the rest in one
//      transaction (seeding, not part of the target);
//   5. reconcile: read every app and its serving revision back from the reopened store, map again,
//      and compare the desired objects (their JSON, as apply sends them) with step 3's — what a
//      restarted host does before it starts anything.
// Prints one JSON object: seconds per phase, the target's sum (parse+map+render+reconcile), the
// per-deploy record time, peak working set. Usage: [apps] [recorded-through-the-store]
// BENCH_RENDER=reference renders step 3 with the reference YAML serializer (KubernetesClient's, which the
// writer reproduces byte for byte) instead of the writer. After step 5, outside the target, the first
// BENCH_RENDER_COMPARE apps (default 2000) are rendered with both, interleaved, and compared: their time
// ratio is measured under the same machine load, whatever else runs.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Strata.Bench.ControlPlane;
using Strata.Core.Manifest;
using Strata.Core.Mapping;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Runtime.Kubernetes;
using Strata.Verticals.Functions;
using Strata.Workloads;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var recorded = Math.Min(count, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
var directory = Path.Combine(Path.GetTempPath(), "strata-bench-cp-" + Environment.ProcessId);
Directory.CreateDirectory(directory);
var database = Path.Combine(directory, "state.db");
foreach (var file in Directory.GetFiles(directory, "state.db*"))
{
    File.Delete(file);
}

var plugin = new FunctionsVertical();
var vertical = new CapturingBuilder(plugin.Descriptor);
plugin.Configure(vertical);
var map = vertical.Mapping ?? throw new InvalidOperationException("the functions vertical declared no mapping");
var options = new KubernetesMappingOptions();
var artifacts = new Dictionary<string, Artifact>
{
    [Artifact.DefaultName] = new() { Directory = "/srv/artifacts/fn", Command = ["dotnet", "Fn.dll"], Image = "registry.example.com/strata/fn:r1", ImageDigest = "sha256:" + new string('a', 64) },
};
var artifactsJson = JsonSerializer.Serialize(artifacts);

static string Manifest(int i) => $"""
    name: fn-{i:D5}
    vertical: functions
    spec:
      handler: Bench.Function{i % 97}
      timeoutSeconds: {5 + i % 25}
    caas:
      replicas: {1 + i % 3}
      env:
        GREETING: hello {i}
    """;

var referenceRender = Environment.GetEnvironmentVariable("BENCH_RENDER") == "reference";
var compareApps = Math.Min(count, int.Parse(Environment.GetEnvironmentVariable("BENCH_RENDER_COMPARE") ?? "2000", CultureInfo.InvariantCulture));
var phases = new Dictionary<string, double>(StringComparer.Ordinal);
var total = Stopwatch.StartNew();
var clock = Stopwatch.StartNew();
double Lap()
{
    var seconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    return Math.Round(seconds, 3);
}

// 1. Parse and validate.
var manifests = new AppRevision[count];
for (var i = 0; i < count; i++)
{
    var parsed = AppManifestParser.Parse(Manifest(i));
    if (parsed.Manifest is not { } manifest || parsed.Problems.Count > 0
        || ManifestValidator.ValidateSpec(manifest, vertical.Validation) is { Count: > 0 })
    {
        throw new InvalidOperationException($"manifest {i} did not validate: {string.Join("; ", parsed.Problems)}");
    }

    manifests[i] = new AppRevision { Manifest = manifest, Number = 1, Artifacts = artifacts, SourceHash = "h" + i };
}

phases["parse"] = Lap();

// 2. Map, override, check.
var sets = new WorkloadSet[count];
for (var i = 0; i < count; i++)
{
    var set = WorkloadSetOverrides.Apply(WorkloadSetCopy.Detach(map(manifests[i])), manifests[i].Manifest.Caas);
    if (WorkloadSetOverrides.Check(set) is { Count: > 0 } problems)
    {
        throw new InvalidOperationException($"app {i}: {problems[0]}");
    }

    sets[i] = set;
}

phases["map"] = Lap();

// 3. Render; keep a hash per app, not the text, as a host keeps no renders.
// The phase's split (Kubernetes objects, YAML, the JSON hash) is timed per step and summed.
var hashes = new byte[count][];
long objects = 0, bytes = 0;
var split = new Dictionary<string, Stopwatch>(StringComparer.Ordinal) { ["objects"] = new(), ["yaml"] = new(), ["json"] = new() };
for (var i = 0; i < count; i++)
{
    split["objects"].Start();
    var rendered = KubernetesMapper.Map(manifests[i], sets[i], options);
    split["objects"].Stop();
    split["yaml"].Start();
    var yaml = referenceRender ? Reference(rendered) : KubernetesRender.ToYaml(rendered);
    split["yaml"].Stop();
    objects += rendered.Count;
    bytes += yaml.Length;
    split["json"].Start();
    hashes[i] = Desired(rendered);
    split["json"].Stop();
}

phases["render"] = Lap();
var compareObjects = Enumerable.Range(0, compareApps).Select(i => KubernetesMapper.Map(manifests[i], sets[i], options)).ToArray();
clock.Restart();
var writerCounts = new { scalarsRenderedBySerializer = YamlScalars.Probes, documentsLeftToReference = KubernetesYamlWriter.Fallbacks };
var renderSplit = split.ToDictionary(p => p.Key, p => Math.Round(p.Value.Elapsed.TotalSeconds, 3), StringComparer.Ordinal);
manifests = null!;
sets = null!;

// 4. Record apps and revisions.
await using (var state = await StateStore.OpenAsync(database))
{
    for (var i = 0; i < recorded; i++)
    {
        var app = new AppRef("functions", $"fn-{i:D5}");
        await state.EnsureAppAsync(app);
        var revision = await state.AddRevisionAsync(new NewRevision(app, Manifest(i), "h" + i, artifactsJson));
        await state.SetCurrentRevisionAsync(app, revision.Number);
    }
}

var recordSeconds = Lap();
await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
{
    await connection.OpenAsync();
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    await using var insertApp = connection.CreateCommand();
    insertApp.CommandText = "INSERT INTO apps (vertical, name, created_at, current_revision) VALUES ('functions', $name, $now, NULL);";
    await using var insertRevision = connection.CreateCommand();
    insertRevision.CommandText = "INSERT INTO revisions (vertical, app, number, manifest_yaml, source_hash, artifacts_json, created_at) VALUES ('functions', $name, 1, $manifest, $hash, $artifacts, $now);";
    await using var serve = connection.CreateCommand();
    serve.CommandText = "UPDATE apps SET current_revision = 1 WHERE vertical = 'functions' AND name = $name;";
    for (var i = recorded; i < count; i++)
    {
        var name = $"fn-{i:D5}";
        foreach (var (command, values) in new[]
        {
            (insertApp, new (string, object)[] { ("$name", name), ("$now", now) }),
            (insertRevision, [("$name", name), ("$manifest", Manifest(i)), ("$hash", "h" + i), ("$artifacts", artifactsJson), ("$now", now)]),
            (serve, [("$name", name)]),
        })
        {
            command.Transaction = transaction;
            command.Parameters.Clear();
            foreach (var (key, value) in values)
            {
                command.Parameters.AddWithValue(key, value);
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    await transaction.CommitAsync();
}

phases["seed"] = Lap();

// 5. Reconcile from a reopened store, as a restarted host does.
var mismatches = 0;
await using (var state = await StateStore.OpenAsync(database))
{
    var apps = await state.ListAppsAsync();
    if (apps.Count != count)
    {
        throw new InvalidOperationException($"the store lists {apps.Count} apps, not {count}");
    }

    foreach (var app in apps)
    {
        var record = await state.GetRevisionAsync(app.Ref, app.CurrentRevision!.Value) ?? throw new InvalidOperationException($"{app.Ref} has no revision");
        var parsed = AppManifestParser.Parse(record.ManifestYaml).Manifest!;
        var revision = new AppRevision
        {
            Manifest = parsed,
            Number = record.Number,
            Artifacts = JsonSerializer.Deserialize<Dictionary<string, Artifact>>(record.ArtifactsJson)!,
            SourceHash = record.SourceHash,
        };
        var set = WorkloadSetOverrides.Apply(WorkloadSetCopy.Detach(map(revision)), parsed.Caas);
        var index = int.Parse(app.Name.AsSpan(3), CultureInfo.InvariantCulture);
        if (!Desired(KubernetesMapper.Map(revision, set, options)).AsSpan().SequenceEqual(hashes[index]))
        {
            mismatches++;
        }
    }
}

phases["reconcile"] = Lap();
var seconds = Math.Round(total.Elapsed.TotalSeconds, 3);

// Writer against reference on the same apps, in alternating blocks of 100, after a warm-up of each.
var compare = new { writer = new Stopwatch(), reference = new Stopwatch() };
var identical = compareObjects.Take(50).All(o => KubernetesRender.ToYaml(o) == Reference(o));
for (var block = 0; block < compareObjects.Length; block += 100)
{
    var slice = compareObjects.AsSpan(block, Math.Min(100, compareObjects.Length - block)).ToArray();
    compare.writer.Start();
    foreach (var o in slice)
    {
        _ = KubernetesRender.ToYaml(o);
    }

    compare.writer.Stop();
    compare.reference.Start();
    foreach (var o in slice)
    {
        identical &= Reference(o).Length > 0;
    }

    compare.reference.Stop();
}

identical &= compareObjects.All(o => KubernetesRender.ToYaml(o) == Reference(o));
var renderCompare = new
{
    apps = compareObjects.Length,
    writerMsPerApp = compareObjects.Length == 0 ? 0 : Math.Round(compare.writer.Elapsed.TotalMilliseconds / compareObjects.Length, 4),
    referenceMsPerApp = compareObjects.Length == 0 ? 0 : Math.Round(compare.reference.Elapsed.TotalMilliseconds / compareObjects.Length, 4),
    writerOverReference = compare.reference.Elapsed.Ticks == 0 ? 0 : Math.Round((double)compare.writer.Elapsed.Ticks / compare.reference.Elapsed.Ticks, 4),
    identical,
};
using var self = Process.GetCurrentProcess();
self.Refresh();
var result = new
{
    apps = count,
    objects,
    yamlBytes = bytes,
    mismatches,
    target = new { seconds = Math.Round(phases["parse"] + phases["map"] + phases["render"] + phases["reconcile"], 3), limitSeconds = 10, limitMb = 2048 },
    recordedThroughStore = recorded,
    recordMsPerDeploy = recorded == 0 ? 0 : Math.Round(recordSeconds * 1000 / recorded, 2),
    seconds,
    phases,
    render = referenceRender ? "reference" : "writer",
    renderSplit,
    renderCompare,
    writerCounts,
    peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
    allocatedMb = Math.Round(GC.GetTotalAllocatedBytes() / 1048576.0, 1),
};
Console.WriteLine(JsonSerializer.Serialize(result));
Directory.Delete(directory, recursive: true);
return mismatches == 0 && identical ? 0 : 1;

// The reference render: KubernetesClient's serializer, object by object, as KubernetesRender joins them.
static string Reference(IReadOnlyList<k8s.IKubernetesObject> objects) => string.Join("---\n", objects.Select(KubernetesYamlReference.ToYaml));

// What apply would send: every object's JSON, hashed.
static byte[] Desired(IReadOnlyList<k8s.IKubernetesObject> objects)
{
    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    foreach (var item in objects)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(k8s.KubernetesJson.Serialize(item)));
    }

    return hash.GetHashAndReset();
}
