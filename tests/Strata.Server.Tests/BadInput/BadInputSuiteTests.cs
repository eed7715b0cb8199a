using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Strata.Server.Tests.Gateway;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Server.Tests.BadInput;

/// <summary>
/// The bad-input suite (issue 10): over ten thousand generated malformed manifests, API bodies, names and
/// uploads against a real host with the bundled and fixture verticals, each of which must be answered with a
/// 4xx ProblemDetails; afterwards the host still answers, staging is empty and nothing changed outside the
/// data folder's runtime state.
/// </summary>
public sealed class BadInputSuiteTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261124;
    private const int MinimumCases = 10_000;
    private const string ServingApp = "web-serving";

    private readonly TempDirectory _root = new("strata-badinput");

    [Fact]
    public async Task Every_malformed_input_gets_a_4xx_problem_and_nothing_is_written_outside_the_app_folders()
    {
        var canary = _root.Combine("canary");
        Directory.CreateDirectory(canary);
        await File.WriteAllTextAsync(Path.Combine(canary, "file"), "canary");
        var feed = _root.Combine("feed");
        BadUploads.WriteJunkFeed(feed, canary);
        // The temp root holds the data folder: a path deploy of it must be refused, not copied into itself.
        await File.WriteAllTextAsync(_root.Combine("strata.yaml"), BadUploads.Manifest);
        await using var host = await TestHost.StartAsync(
            _root,
            new Dictionary<string, string?> { ["Strata:Plugins:Sources:0"] = feed },
            FixturePlugins.Functions, "plugins/Strata.Verticals.Simulation", "plugins/Strata.Verticals.MobileBackend",
            FixturePlugins.WebVertical, FixturePlugins.OtherYaml, FixturePlugins.ThrowsInConfigure, FixturePlugins.Incompatible);

        // Real state for the inputs to meet: an app that serves (spec edits, rollbacks, jobs) and one only created (409s).
        await new WebApps(host, _root).DeployOkAsync(ServingApp, "hi", replicas: 1);
        using (var created = await host.Http.PostAsJsonAsync("/api/apps", new { name = "exists-app", vertical = "functions" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var cases = Generate(host.DataDirectory, canary);
        var before = FolderSnapshot.Take(_root.Path);
        var clock = Stopwatch.StartNew();
        var results = await BadInputRunner.RunAsync(host.Http, cases, parallelism: 8, perRequest: TimeSpan.FromSeconds(30), CancellationToken.None);
        clock.Stop();

        using var alive = await host.Http.GetAsync("/api/verticals");
        var staging = Path.Combine(host.DataDirectory, "staging");
        // Only the plugin installer's own container folder may stay (empty): every request's staged copy must be gone.
        var left = Directory.Exists(staging)
            ? Directory.EnumerateFileSystemEntries(staging, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(host.DataDirectory, e)).Where(e => e != Path.Combine("staging", "plugins")).ToList()
            : [];
        var changes = FolderSnapshot.Take(_root.Path).ChangesSince(before, path => MayChange(path));
        var offences = results.Select(r => (Result: r, Offence: r.Offence())).Where(o => o.Offence is not null).Select(o => (o.Result, o.Offence!)).ToList();
        output.WriteLine($"{cases.Count} cases in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(BadInputRunner.Report(results, offences, shown: 20));
        foreach (var change in changes.Take(20))
        {
            output.WriteLine("WRITTEN OUTSIDE: " + change);
        }

        Assert.True(results.Count >= MinimumCases, $"only {results.Count} cases were generated; the suite promises at least {MinimumCases}.");
        Assert.True(offences.Count == 0, $"{offences.Count} of {results.Count} bad inputs were not answered with a 4xx ProblemDetails; first: {string.Join(" | ", offences.Take(5).Select(o => $"[{o.Item1.Case.Category}] {o.Item1.Case.Summary} → {o.Item2}"))}");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.True(left.Count == 0, "staging is not empty: " + string.Join(", ", left.Take(10)));
        Assert.True(changes.Count == 0, "files changed outside the host's runtime state: " + string.Join(", ", changes.Take(10)));
    }

    /// <summary>
    /// What bad inputs may touch: the state store and the serving app's runtime folder (its log grows), and
    /// staging while a request is in flight (checked empty separately). Sources, builds, revisions, plugins,
    /// the canary beside the data folder and the inputs must all be as they were.
    /// </summary>
    private static bool MayChange(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        // data/plugins itself: a refused package install creates the folder (and removes the package's own).
        return parts is ["data", "runtime", ..] or ["data", "staging", ..] or ["data", "plugins"] || (parts is ["data", var db] && db.StartsWith("strata.db", StringComparison.Ordinal));
    }

    private List<BadInputCase> Generate(string data, string canary)
    {
        var cases = new List<BadInputCase>();
        var deploy = $"/api/apps/{BadManifests.GuardApp}/deploy";
        var inputs = _root.Combine("inputs");
        Directory.CreateDirectory(Path.Combine(inputs, "empty"));
        var index = 0;
        foreach (var (label, yaml) in BadManifests.Generate(WebApps.AppDirectory, randomCount: 3000, Seed))
        {
            var archive = new RawTar().Entry("strata.yaml", RawTar.Regular, yaml).TarGz();
            cases.Add(new BadInputCase("manifest:upload", label, HttpMethod.Post, deploy, BadInputCase.Bytes(archive, "application/gzip")));
            if (index++ % 3 == 0)
            {
                var folder = Path.Combine(inputs, $"m{index}");
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, "strata.yaml"), yaml);
                cases.Add(BadInputCase.PostJson("manifest:path", label, deploy, System.Text.Json.JsonSerializer.Serialize(new { path = folder })));
            }
        }

        cases.AddRange(LinkFolders(inputs, canary).Select(folder => BadInputCase.PostJson("manifest:path", $"folder {Path.GetFileName(folder)}", deploy, System.Text.Json.JsonSerializer.Serialize(new { path = folder }))));
        cases.AddRange(BadBodies.SpecEdits(ServingApp, count: 700, Seed));
        cases.AddRange(BadBodies.Generate(_root.Path, data, randomPerEndpoint: 150, Seed));
        cases.AddRange(BadRouteNames.Generate());
        cases.AddRange(BadUploads.Generate(canary, corruptions: 400, Seed));
        cases.AddRange(BadUploads.Packages());

        // Heavy cases (oversized bodies, bombs) spread among light ones, the same order every run.
        var random = new Random(Seed);
        return [.. cases.OrderBy(_ => random.Next())];
    }

    /// <summary>App folders whose links lead out of them or back into them; each has a manifest for another app.</summary>
    private static IEnumerable<string> LinkFolders(string inputs, string canary)
    {
        (string Name, string Link, string Target)[] links =
        [
            ("loop", "self", "."), ("parent-loop", "up", ".."), ("to-canary", "canary", canary), ("to-root", "root", "/"), ("to-passwd", "passwd", "/etc/passwd"),
            ("to-proc", "proc", "/proc/self"), ("dangling", "gone", "/nonexistent/x"), ("manifest-link", "strata.yaml", "/etc/passwd"),
        ];
        foreach (var (name, link, target) in links)
        {
            var folder = Path.Combine(inputs, "links-" + name);
            Directory.CreateDirectory(folder);
            if (link != "strata.yaml")
            {
                File.WriteAllText(Path.Combine(folder, "strata.yaml"), BadUploads.Manifest);
            }

            if (Directory.Exists(target) || target == ".." || target == ".")
            {
                Directory.CreateSymbolicLink(Path.Combine(folder, link), target);
            }
            else
            {
                File.CreateSymbolicLink(Path.Combine(folder, link), target);
            }

            yield return folder;
        }
    }

    public void Dispose() => _root.Dispose();
}
