using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.EndToEnd.Tests;

/// <summary>A host killed with SIGKILL mid-flight and started again brings every app back from SQLite.</summary>
public sealed class HostRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new("strata-restart");

    [Fact]
    public async Task Host_killed_with_sigkill_restarts_every_app_with_revisions_intact_and_reaps_orphans()
    {
        var samples = _root.Combine("samples");
        CopyFolder(Path.Combine(Path.GetDirectoryName(CliProcess.CliDll)!, "samples", "hello-function"), Path.Combine(samples, "hello-function"));
        var data = _root.Combine("data");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        int orphan;
        await using (var first = await HostProcess.StartAsync(_root.Path, "--demo", "--samples", samples, "--data", data))
        {
            first.Authorize(http);
            await first.WaitForOutputAsync("Press Ctrl+C to stop", TimeSpan.FromMinutes(3));
            Assert.Equal("Hello from Strata, before!\n", await http.GetStringAsync(new Uri(first.Url, "/apps/functions/hello-function/?name=before")));
            orphan = ReplicaPids(await http.GetFromJsonAsync<JsonObject>(new Uri(first.Url, "/api/apps/hello-function/status"))).Single();

            // In flight: the host has the start of a request (its headers are not finished, so it
            // cannot have answered) when it dies; the client sees the connection end, not an answer.
            using var inFlight = new TcpClient();
            await inFlight.ConnectAsync(first.Url.Host, first.Url.Port);
            var stream = inFlight.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /apps/functions/hello-function/?name=inflight HTTP/1.1\r\nHost: strata\r\n"));
            await stream.FlushAsync();
            await first.CrashAsync();
            stream.ReadTimeout = 30_000;
            var read = 0;
            try
            {
                read = stream.Read(new byte[1024]);
            }
            catch (IOException)
            {
                // Reset by the kernel as the host's socket closed: as good as an end of stream.
            }

            Assert.Equal(0, read);
        }

        Assert.True(ProcessExists(orphan), "the replica should outlive a SIGKILLed host until the next host reaps it");
        var restart = Stopwatch.StartNew();
        await using var second = await HostProcess.StartAsync(_root.Path, "--data", data);
        second.Authorize(http);
        await second.WaitForOutputAsync("Press Ctrl+C to stop", TimeSpan.FromMinutes(2));
        Assert.Equal("Hello from Strata, after!\n", await http.GetStringAsync(new Uri(second.Url, "/apps/functions/hello-function/?name=after")));
        output.WriteLine($"host restart to first answer: {restart.ElapsedMilliseconds} ms");

        var revisions = await http.GetFromJsonAsync<JsonArray>(new Uri(second.Url, "/api/apps/hello-function/revisions"));
        Assert.Equal([1], revisions!.Select(r => r!["number"]!.GetValue<int>()));
        var status = await http.GetFromJsonAsync<JsonObject>(new Uri(second.Url, "/api/apps/hello-function/status"));
        Assert.Equal(1, status!["servingRevision"]!.GetValue<int>());
        Assert.DoesNotContain(orphan, ReplicaPids(status));
        Assert.False(ProcessExists(orphan), $"the orphaned replica {orphan} of the killed host is still running");
        Assert.Contains(status["deployments"]!.AsArray(), d => d!["state"]!.GetValue<string>() == "Succeeded");
    }

    private static IEnumerable<int> ReplicaPids(JsonObject? status) =>
        status!["services"]!.AsArray().SelectMany(s => s!["replicas"]!.AsArray()).Select(r => r!["processId"]!.GetValue<int>()).ToList();

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public void Dispose() => _root.Dispose();
}
