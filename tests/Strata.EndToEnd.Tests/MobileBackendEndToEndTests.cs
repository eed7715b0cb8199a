using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// The mobile vertical end to end, with real processes and HTTP on 127.0.0.1: <c>strata new mobile</c>,
/// <c>strata deploy</c>, users and documents through the gateway, then the app's server and the host
/// killed with SIGKILL, and a destructive schema change refused while the old revision keeps serving.
/// </summary>
public sealed partial class MobileBackendEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new("strata-mobile-e2e");

    [Fact]
    public async Task Documents_survive_the_app_and_the_host_killed_and_a_refused_schema_change_leaves_them_serving()
    {
        var data = _root.Combine("data");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        List<string> ids = [];
        string token;
        Uri app;
        await using (var first = await HostProcess.StartAsync(_root.Path, "--data", data))
        {
            var server = first.Url.ToString();
            var created = await CliProcess.RunAsync(_root.Path, "new", "mobile", "todo", "--server", server);
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Contains("vertical: mobile", await File.ReadAllTextAsync(_root.Combine("todo", "strata.yaml")));

            var deployed = await CliProcess.RunAsync(_root.Path, "deploy", "todo", "--server", server);
            Assert.True(deployed.ExitCode == 0, deployed.ToString());
            app = new Uri(DeployedUrl(deployed, revision: 1).TrimEnd('/') + "/");
            Assert.Equal(new Uri(first.Url, "/apps/mobile/todo/"), app);

            using var signUp = await http.PostAsJsonAsync(new Uri(app, "auth/signup"), new { email = "ada@example.com", password = "correct horse battery" });
            Assert.True(signUp.StatusCode == HttpStatusCode.Created, await signUp.Content.ReadAsStringAsync());
            token = (await signUp.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 20; i++)
            {
                using var document = await http.PostAsJsonAsync(new Uri(app, "collections/todos"), new { title = $"todo {i}", tags = new[] { "e2e" } });
                Assert.True(document.StatusCode == HttpStatusCode.Created, await document.Content.ReadAsStringAsync());
                ids.Add((await document.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
            }

            using var firstApi = first.ApiClient();
            var sdk = await firstApi.GetStringAsync(new Uri(first.Url, "/v/mobile/todo/sdk/typescript"));
            Assert.Contains("export interface TodosDocument", sdk);

            // The app's server killed: the runtime restarts it, and every document is still there.
            var pid = ReplicaPids(await firstApi.GetFromJsonAsync<JsonObject>(new Uri(first.Url, "/api/apps/todo/status"))).Single();
            using (var replica = Process.GetProcessById(pid))
            {
                replica.Kill();
            }

            await AssertDocumentsAsync(http, app, ids, "after the app's server was killed");

            // The host killed mid-flight.
            await first.CrashAsync();
        }

        var restart = Stopwatch.StartNew();
        await using var second = await HostProcess.StartAsync(_root.Path, "--data", data);
        await AssertDocumentsAsync(http, app = new Uri(second.Url, "/apps/mobile/todo/"), ids, "after the host was killed and restarted");
        output.WriteLine($"host restart to all documents served: {restart.ElapsedMilliseconds} ms");

        // A destructive change (due retyped): the deploy fails with the reason, revision 1 keeps serving the same documents.
        var manifest = _root.Combine("todo", "strata.yaml");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("due: datetime", "due: int", StringComparison.Ordinal));
        var refused = await CliProcess.RunAsync(_root.Path, "deploy", "todo", "--server", second.Url.ToString());
        Assert.True(refused.ExitCode != 0, refused.ToString());
        output.WriteLine(refused.ToString());
        var logs = await CliProcess.RunAsync(_root.Path, "logs", "todo", "--server", second.Url.ToString());
        Assert.Contains("the type changed from datetime to int", logs.Stdout + logs.Stderr + refused.Stderr + refused.Stdout);
        await AssertDocumentsAsync(http, app, ids, "after a refused schema change");
        using var secondApi = second.ApiClient();
        var status = await secondApi.GetFromJsonAsync<JsonObject>(new Uri(second.Url, "/api/apps/todo/status"));
        Assert.Equal(1, status!["servingRevision"]!.GetValue<int>());
    }

    private static async Task AssertDocumentsAsync(HttpClient http, Uri app, List<string> ids, string when)
    {
        // Bounded: the server may be restarting (healing or the host's start), which the gateway holds or refuses for a moment.
        string last = "";
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(app, "collections/todos?limit=100"));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var page = JsonNode.Parse(last[4..])!;
                    Assert.Equal(ids.Order(), page["items"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).Order());
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(500);
        }

        throw new Xunit.Sdk.XunitException($"the documents were not served {when} within 60 s; last answer: {last}");
    }

    private static IEnumerable<int> ReplicaPids(JsonObject? status) =>
        status!["services"]!.AsArray().SelectMany(s => s!["replicas"]!.AsArray()).Select(r => r!["processId"]!.GetValue<int>()).ToList();

    private static string DeployedUrl(CliResult result, int revision)
    {
        var match = Deployed().Match(result.Stdout);
        Assert.True(match.Success, result.ToString());
        Assert.Equal(revision, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return match.Groups[2].Value;
    }

    [GeneratedRegex(@"Deployed: todo revision (\d+) → (\S+)")]
    private static partial Regex Deployed();

    public void Dispose() => _root.Dispose();
}
