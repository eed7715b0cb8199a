using Strata.Runtime.Local.Tests.Support;

namespace Strata.Runtime.Local.Tests.Logs;

public sealed class LogRotationTests
{
    [Fact]
    public async Task A_chatty_replica_gets_rotated_log_files_within_the_cap()
    {
        const int cap = 16 * 1024;
        await using var harness = new RuntimeHarness(configure: o => o with { MaxLogFileBytes = cap, MaxLogFiles = 3 });
        Assert.True((await harness.ApplyAsync(1, RuntimeHarness.Web())).Succeeded);
        var id = Assert.Single((await harness.WebStatusAsync()).Replicas).Id;

        using (var response = await harness.Http.PostAsync(new Uri(await harness.ServiceUriAsync(), "/print?lines=2000&width=100"), null, RuntimeHarness.Timeout()))
        {
            response.EnsureSuccessStatusCode();
        }

        var folder = Path.Combine(harness.DataDirectory, "logs", RuntimeHarness.App.Vertical, RuntimeHarness.App.App);
        var current = Path.Combine(folder, id + ".log");
        await RuntimeHarness.EventuallyAsync(
            () => Task.FromResult(File.Exists(current) && File.ReadLines(current).Any(l => l.Contains("0000001999", StringComparison.Ordinal))),
            seconds: 15, "the last printed line in the current log file");

        var files = Directory.GetFiles(folder, id + ".log*").Select(f => new FileInfo(f)).ToList();
        Assert.Equal([id + ".log", id + ".log.1", id + ".log.2"], files.Select(f => f.Name).Order(StringComparer.Ordinal));
        var longestLine = files.SelectMany(f => File.ReadLines(f.FullName)).Max(l => l.Length + 1);
        Assert.All(files, f => Assert.True(f.Length <= cap + longestLine, $"{f.Name} has {f.Length} bytes"));
        // Rotated files were filled up to the cap, not cut early.
        Assert.All(files.Where(f => f.Name != id + ".log"), f => Assert.True(f.Length > cap - longestLine, $"{f.Name} has only {f.Length} bytes"));
    }
}
